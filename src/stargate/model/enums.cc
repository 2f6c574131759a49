#include "stargate/model/enums.h"

namespace stargate {

int BitLength(Precision precision) {
  switch (precision) {
    case Precision::kFp4:
    case Precision::kInt4:
      return 4;
    case Precision::kFp6:
      return 6;
    case Precision::kFp8:
    case Precision::kInt8:
      return 8;
    case Precision::kFp16:
    case Precision::kBf16:
      return 16;
    case Precision::kFp32:
      return 32;
    case Precision::kFp64:
      return 64;
  }
  return 0;
}

template <>
const std::vector<EnumSpelling<Precision>>& Spellings() {
  static const std::vector<EnumSpelling<Precision>> k = {
      {Precision::kFp4, "fp4"},   {Precision::kInt4, "int4"}, {Precision::kFp6, "fp6"},
      {Precision::kFp8, "fp8"},   {Precision::kInt8, "int8"}, {Precision::kFp16, "fp16"},
      {Precision::kBf16, "bf16"}, {Precision::kFp32, "fp32"}, {Precision::kFp64, "fp64"}};
  return k;
}

template <>
const std::vector<EnumSpelling<PartnerStatus>>& Spellings() {
  static const std::vector<EnumSpelling<PartnerStatus>> k = {
      {PartnerStatus::kNone, "none"},
      {PartnerStatus::kInterested, "interested"},
      {PartnerStatus::kNegotiating, "negotiating"},
      {PartnerStatus::kSigned, "signed"},
      {PartnerStatus::kOperating, "operating"}};
  return k;
}

template <>
const std::vector<EnumSpelling<SiteStatus>>& Spellings() {
  static const std::vector<EnumSpelling<SiteStatus>> k = {
      {SiteStatus::kCandidate, "candidate"},
      {SiteStatus::kAnnounced, "announced"},
      {SiteStatus::kUnderConstruction, "under_construction"},
      {SiteStatus::kOperating, "operating"},
      {SiteStatus::kCancelled, "cancelled"}};
  return k;
}

template <>
const std::vector<EnumSpelling<FinancierKind>>& Spellings() {
  static const std::vector<EnumSpelling<FinancierKind>> k = {
      {FinancierKind::kStrategic, "strategic"},
      {FinancierKind::kSovereignFund, "sovereign_fund"},
      {FinancierKind::kPrivateEquity, "private_equity"},
      {FinancierKind::kProjectDebt, "project_debt"},
      {FinancierKind::kDevelopmentBank, "development_bank"}};
  return k;
}

template <>
const std::vector<EnumSpelling<ScreeningStatus>>& Spellings() {
  static const std::vector<EnumSpelling<ScreeningStatus>> k = {
      {ScreeningStatus::kClear, "clear"},
      {ScreeningStatus::kPending, "pending"},
      {ScreeningStatus::kFlagged, "flagged"}};
  return k;
}

template <>
const std::vector<EnumSpelling<Residency>>& Spellings() {
  static const std::vector<EnumSpelling<Residency>> k = {{Residency::kInCountry, "in_country"},
                                                         {Residency::kInZone, "in_zone"},
                                                         {Residency::kAnywhere, "anywhere"}};
  return k;
}

template <>
const std::vector<EnumSpelling<Objective>>& Spellings() {
  static const std::vector<EnumSpelling<Objective>> k = {{Objective::kCost, "cost"},
                                                         {Objective::kCompute, "compute"}};
  return k;
}

}  // namespace stargate
