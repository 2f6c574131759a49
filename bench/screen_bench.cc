// screen_bench: how fast `stargate screen` is against the full OFAC SDN list
// with its alternate names, on one core.
//
//   screen_bench [DATA_DIR] [--queries N] [--seconds S] [--no-recall] [--verbose]
//                [--dump-queries FILE]
//
// DATA_DIR holds sdn.csv and watchman-ofac-alt.csv (default:
// $STARGATE_SCREENING_DATA, else ../shared/data/screening beside the source
// tree). Prints: index build time, cached load time and cache size; queries
// per second and latency percentiles over a deterministic mix of list names
// (exact, misspelt, reordered, shortened) and names that are on no list; and
// blocking recall: the share of hits an exhaustive comparison against every
// list name finds that the blocked search finds too. --verbose lists the
// hits blocking misses; --dump-queries writes the query mix and stops.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "stargate/screen/screen.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// CPU time of this thread: on a shared machine wall time also counts the
// time other processes hold the core.
double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string DefaultDataDir() {
  if (const char* dir = std::getenv("STARGATE_SCREENING_DATA"); dir && *dir) return dir;
  return std::string(STARGATE_SOURCE_DIR) + "/../shared/data/screening";
}

// Names from the list's own files, read back through a quick CSV pass: the
// second field of every sdn row and the fourth of every alt row.
std::vector<std::string> ListNames(const fs::path& sdn, const fs::path& alt) {
  std::vector<std::string> names;
  for (const auto& [path, field] : {std::pair{sdn, 1}, std::pair{alt, 3}}) {
    auto text = stargate::screen::ReadListFile(path);
    if (!text.ok()) continue;
    size_t pos = 0;
    while (pos < text->size()) {
      size_t end = text->find('\n', pos);
      if (end == std::string::npos) end = text->size();
      const std::string line = text->substr(pos, end - pos);
      pos = end + 1;
      // Fields are quoted when they hold names; take the field-th quoted one.
      int f = 0;
      size_t i = 0;
      std::string value;
      while (i < line.size() && f <= field) {
        if (line[i] == '"') {
          size_t close = line.find('"', i + 1);
          while (close != std::string::npos && close + 1 < line.size() && line[close + 1] == '"') {
            close = line.find('"', close + 2);
          }
          if (close == std::string::npos) break;
          value = line.substr(i + 1, close - i - 1);
          i = close + 1;
        } else {
          const size_t comma = line.find(',', i);
          value = line.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
          i = comma == std::string::npos ? line.size() : comma;
        }
        if (f == field) break;
        if (i < line.size() && line[i] == ',') ++i;
        ++f;
      }
      if (f == field && !value.empty() && value.find("-0-") == std::string::npos) {
        names.push_back(value);
      }
    }
  }
  return names;
}

std::string Typo(std::string s, std::mt19937& rng) {
  if (s.size() < 4) return s;
  std::uniform_int_distribution<size_t> pos(1, s.size() - 2);
  const size_t i = pos(rng);
  switch (rng() % 3) {
    case 0:
      s.erase(i, 1);
      break;  // deletion
    case 1:
      std::swap(s[i], s[i + 1]);
      break;  // transposition
    default:
      s[i] = static_cast<char>('a' + rng() % 26);  // substitution
  }
  return s;
}

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> words;
  std::string w;
  for (char c : s) {
    if (c == ' ' || c == ',') {
      if (!w.empty()) words.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) words.push_back(w);
  return words;
}

std::string Join(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

// Half list names (exact, misspelt, reordered, shortened, lower case), half
// names on no list (common given names and surnames, made-up companies), and
// a few in Cyrillic and Arabic script.
std::vector<std::string> MakeQueries(const std::vector<std::string>& list_names, size_t n) {
  static const char* kGiven[] = {"John",  "Maria", "Wei",   "Anna",   "Carlos", "Olga",
                                 "Ahmed", "Yuki",  "Peter", "Fatima", "Luis",   "Sofia",
                                 "Ivan",  "Mei",   "David", "Aisha",  "Thomas", "Elena",
                                 "Raj",   "Laura", "Kenji", "Sara",   "Omar",   "Nina"};
  static const char* kFamily[] = {"Smith",    "Garcia", "Chen",      "Muller", "Rossi",  "Kowalski",
                                  "Nguyen",   "Silva",  "Johansson", "Dubois", "Tanaka", "Okafor",
                                  "Novak",    "Jensen", "Moreau",    "Kaur",   "Haddad", "Petrov",
                                  "Andersen", "Costa",  "Schmidt",   "Park",   "Lopez",  "Brown"};
  static const char* kWord[] = {"Northern", "Blue",   "Alpine", "Pacific",  "Granite", "Silver",
                                "Harbor",   "Summit", "Orion",  "Meridian", "Cedar",   "Atlas"};
  static const char* kKind[] = {"Logistics", "Technologies", "Foods",    "Textiles", "Analytics",
                                "Robotics",  "Ceramics",     "Software", "Partners", "Farms"};
  static const char* kForm[] = {"GmbH", "Ltd", "LLC", "Inc.", "S.A.", "B.V.", "AB", "Pty Ltd"};
  static const char* kScripts[] = {"Владимир Путин", "Сергей Лавров", "Рособоронэкспорт",
                                   "محمد بن سلمان",  "Игорь Сечин",   "Газпромбанк"};
  std::mt19937 rng(20251128);
  std::vector<std::string> queries;
  for (size_t q = 0; q < n; ++q) {
    const unsigned kind = rng() % 100;
    if (kind < 50) {
      std::string name = list_names[rng() % list_names.size()];
      const unsigned v = rng() % 5;
      if (v == 1) {
        name = Typo(name, rng);
      } else if (v == 2) {
        auto w = Words(name);
        std::reverse(w.begin(), w.end());
        name = Join(w);
      } else if (v == 3) {
        auto w = Words(name);
        if (w.size() > 2) w.erase(w.begin() + 1);
        name = Join(w);
      } else if (v == 4) {
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      queries.push_back(name);
    } else if (kind < 75) {
      queries.push_back(std::string(kGiven[rng() % std::size(kGiven)]) + " " +
                        kFamily[rng() % std::size(kFamily)]);
    } else if (kind < 98) {
      queries.push_back(std::string(kWord[rng() % std::size(kWord)]) + " " +
                        kKind[rng() % std::size(kKind)] + " " + kForm[rng() % std::size(kForm)]);
    } else {
      queries.push_back(kScripts[rng() % std::size(kScripts)]);
    }
  }
  return queries;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = DefaultDataDir();
  size_t n_queries = 20000;
  double seconds = 3.0;
  bool verbose = false, recall = true;
  std::string dump;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--queries" && i + 1 < argc) {
      n_queries = std::strtoul(argv[++i], nullptr, 10);
    } else if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::strtod(argv[++i], nullptr);
    } else if (arg == "--dump-queries" && i + 1 < argc) {
      dump = argv[++i];
    } else if (arg == "--no-recall") {
      recall = false;
    } else if (arg == "--verbose") {
      verbose = true;
    } else if (!arg.empty() && arg[0] != '-') {
      dir = arg;
    } else {
      std::fprintf(
          stderr,
          "usage: screen_bench [DATA_DIR] [--queries N] [--seconds S] [--no-recall] [--verbose] "
          "[--dump-queries FILE]\n");
      return 2;
    }
  }
  const fs::path sdn = fs::path(dir) / "sdn.csv", alt = fs::path(dir) / "watchman-ofac-alt.csv";
  const fs::path cache = fs::temp_directory_path() / "stargate-screen-bench-cache";
  fs::remove_all(cache);
  stargate::screen::LoadOptions options;
  options.cache_dir = cache;

  auto t0 = Clock::now();
  auto built = stargate::screen::LoadScreeningList({sdn, alt}, options);
  const double build_ms = Ms(Clock::now() - t0);
  if (!built.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(built.status().message()).c_str());
    return 2;
  }
  double load_ms = 1e9;
  for (int k = 0; k < 5; ++k) {
    t0 = Clock::now();
    auto loaded = stargate::screen::LoadScreeningList({sdn, alt}, options);
    load_ms = std::min(load_ms, Ms(Clock::now() - t0));
    if (!loaded.ok() || !loaded->info().from_cache) {
      std::fprintf(stderr, "error: the cached index did not load\n");
      return 1;
    }
  }
  auto list = stargate::screen::LoadScreeningList({sdn, alt}, options);
  const auto& info = list->info();
  std::error_code ec;
  const auto cache_bytes = fs::file_size(info.cache_path, ec);
  std::printf(
      "list: %zu entries, %zu names, %zu distinct tokens (sdn.csv + watchman-ofac-alt.csv)\n",
      info.entries, info.names, info.tokens);
  std::printf(
      "index build from CSV: %.0f ms; load from cache: %.1f ms (best of 5); cache file %.1f MB\n",
      build_ms, load_ms, static_cast<double>(cache_bytes) / 1e6);

  const auto queries = MakeQueries(ListNames(sdn, alt), n_queries);
  if (!dump.empty()) {
    FILE* f = std::fopen(dump.c_str(), "w");
    if (!f) {
      std::fprintf(stderr, "error: cannot write %s; expected a writable file\n", dump.c_str());
      return 2;
    }
    for (const auto& q : queries) std::fprintf(f, "%s\n", q.c_str());
    std::fclose(f);
    return 0;
  }
  stargate::screen::ScreenOptions screen_options;
  screen_options.explain = false;
  // Warm up (ICU transliterator, caches), then time whole passes over the mix.
  for (size_t i = 0; i < std::min<size_t>(queries.size(), 500); ++i) {
    (void)stargate::screen::Screen(*list, queries[i], screen_options);
  }
  std::vector<double> latency_us;
  latency_us.reserve(queries.size());
  size_t done = 0, hits = 0;
  const auto start = Clock::now();
  const double cpu_start = ThreadCpuSeconds();
  while (Ms(Clock::now() - start) < seconds * 1000 || done < queries.size()) {
    const std::string& q = queries[done % queries.size()];
    const auto a = Clock::now();
    auto result = stargate::screen::Screen(*list, q, screen_options);
    if (done < queries.size()) latency_us.push_back(Ms(Clock::now() - a) * 1000);
    if (result.ok() && !result->empty()) ++hits;
    ++done;
  }
  const double elapsed = Ms(Clock::now() - start) / 1000;
  const double cpu = ThreadCpuSeconds() - cpu_start;
  std::sort(latency_us.begin(), latency_us.end());
  auto pct = [&](double p) { return latency_us[static_cast<size_t>(p * (latency_us.size() - 1))]; };
  std::printf(
      "throughput (1 thread, threshold %.2f, no explanations): %.0f queries/s of CPU time "
      "(%.0f queries/s wall clock) over %zu queries, %.0f%% with a hit\n",
      screen_options.threshold, done / cpu, done / elapsed, done, 100.0 * hits / done);
  std::printf("latency: mean %.1f us, p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.0f us\n",
              elapsed * 1e6 / done, pct(0.5), pct(0.9), pct(0.99), latency_us.back());

  // Blocking recall and the cost of no blocking, on a sample.
  const size_t sample = recall ? std::min<size_t>(queries.size(), 400) : 0;
  stargate::screen::ScreenOptions all = screen_options;
  all.exhaustive = true;
  all.max_hits = 0;
  stargate::screen::ScreenOptions blocked = screen_options;
  blocked.max_hits = 0;
  size_t exhaustive_hits = 0, found = 0;
  const auto e0 = Clock::now();
  for (size_t i = 0; i < sample; ++i) {
    auto a = stargate::screen::Screen(*list, queries[i], all);
    auto b = stargate::screen::Screen(*list, queries[i], blocked);
    std::set<std::string> ids;
    for (const auto& h : *b) ids.insert(h.list + "/" + h.entry_id);
    for (const auto& h : *a) {
      ++exhaustive_hits;
      if (ids.count(h.list + "/" + h.entry_id)) {
        ++found;
      } else if (verbose) {
        std::printf("  missed: %s -> %s (%s) %.3f\n", queries[i].c_str(), h.matched_name.c_str(),
                    h.entry_id.c_str(), h.score);
      }
    }
  }
  const double both_ms = Ms(Clock::now() - e0);
  if (sample == 0) return 0;
  std::printf(
      "blocking recall: %zu of %zu hits an exhaustive comparison finds (%.2f%%) on %zu "
      "queries; exhaustive scoring runs at about %.0f queries/s\n",
      found, exhaustive_hits, exhaustive_hits ? 100.0 * found / exhaustive_hits : 100.0, sample,
      sample / (both_ms / 1000));
  fs::remove_all(cache);
  return 0;
}
