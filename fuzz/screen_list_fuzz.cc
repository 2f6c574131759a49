// Fuzz target: any bytes given to the list importer (OFAC CSV or CSL) and to
// the cached-index reader must produce a list or an error with a message,
// never a crash, hang or sanitizer report. A list that imports must index,
// round-trip through its binary form and screen a name.
#include <cstddef>
#include <cstdint>
#include <string>

#include "stargate/screen/list_index.h"
#include "stargate/screen/screen.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);

  // The bytes as a cached index: a damaged cache is an error, never a crash.
  auto cached = stargate::screen::ListIndex::FromBytes(text);
  if (!cached.ok() && cached.status().message().empty()) __builtin_trap();

  // The bytes as a list file, alone and with an alt file naming entry 1.
  for (const char* name : {"fuzz.csv", "sdn.csv"}) {
    std::vector<stargate::screen::ListText> files = {{name, text, false}};
    if (name[0] == 's') files.push_back({"alt.csv", "1,2,\"aka\",\"FUZZ ALIAS\",-0- \n", false});
    auto list = stargate::screen::ImportListTexts(files);
    if (!list.ok()) {
      if (list.status().message().empty()) __builtin_trap();
      continue;
    }
    if (list->entries.empty()) __builtin_trap();  // an empty list must be an error
    const auto index = stargate::screen::ListIndex::Build(*list);
    auto again = stargate::screen::ListIndex::FromBytes(std::string(index.bytes()));
    if (!again.ok() || again->entry_count() != index.entry_count()) __builtin_trap();
  }
  return 0;
}
