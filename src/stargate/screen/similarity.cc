#include "stargate/screen/similarity.h"

#include <algorithm>
#include <vector>

namespace stargate::screen {

namespace {

template <typename Row>
int OsaRows(std::string_view a, std::string_view b, Row& prev2, Row& prev, Row& row) {
  const size_t n = a.size(), m = b.size();
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, prev2[j - 2] + 1);
      }
      row[j] = best;
    }
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return prev[m];
}

}  // namespace

int OsaDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  if (n == 0) return static_cast<int>(m);
  if (m == 0) return static_cast<int>(n);
  // Three rows: two back for the transposition case; on the stack for
  // name-sized strings.
  if (m < 64) {
    std::array<int, 64> prev2{}, prev{}, row{};
    return OsaRows(a, b, prev2, prev, row);
  }
  std::vector<int> prev2(m + 1), prev(m + 1), row(m + 1);
  return OsaRows(a, b, prev2, prev, row);
}

double OsaSimilarity(std::string_view a, std::string_view b) {
  const size_t longer = std::max(a.size(), b.size());
  if (longer == 0) return 1.0;
  return 1.0 - static_cast<double>(OsaDistance(a, b)) / static_cast<double>(longer);
}

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int window = std::max(0, std::max(n, m) / 2 - 1);
  std::vector<char> a_used(n, 0), b_used(m, 0);
  int matches = 0;
  for (int i = 0; i < n; ++i) {
    const int lo = std::max(0, i - window), hi = std::min(m - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (!b_used[j] && a[i] == b[j]) {
        a_used[i] = b_used[j] = 1;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  for (int i = 0, j = 0; i < n; ++i) {
    if (!a_used[i]) continue;
    while (!b_used[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double mm = matches;
  const double jaro = (mm / n + mm / m + (mm - transpositions / 2.0) / mm) / 3.0;
  int prefix = 0;
  while (prefix < 4 && prefix < n && prefix < m && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

PreparedToken::PreparedToken(std::string_view text) : text_(text) {
  if (text_.size() > 64) return;
  for (size_t i = 0; i < text_.size(); ++i) {
    masks_[static_cast<unsigned char>(text_[i])] |= uint64_t{1} << i;
  }
}

int PreparedToken::Distance(std::string_view other) const {
  const size_t n = text_.size();
  if (n == 0) return static_cast<int>(other.size());
  if (n > 64) return OsaDistance(text_, other);
  // Hyyrö's bit-parallel optimal string alignment distance: one column of the
  // DP matrix per character of `other`, all rows at once.
  uint64_t vp = ~uint64_t{0}, vn = 0, d0 = 0, pm_old = 0;
  const uint64_t last = uint64_t{1} << (n - 1);
  int distance = static_cast<int>(n);
  for (char ch : other) {
    const uint64_t pm = masks_[static_cast<unsigned char>(ch)];
    const uint64_t tr = (((~d0) & pm) << 1) & pm_old;
    d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    distance += (hp & last) ? 1 : 0;
    distance -= (hn & last) ? 1 : 0;
    hp = (hp << 1) | 1;
    hn = hn << 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    pm_old = pm;
  }
  return distance;
}

double PreparedToken::Similarity(std::string_view other) const {
  const size_t longer = std::max(text_.size(), other.size());
  if (longer == 0) return 1.0;
  return 1.0 - static_cast<double>(Distance(other)) / static_cast<double>(longer);
}

}  // namespace stargate::screen
