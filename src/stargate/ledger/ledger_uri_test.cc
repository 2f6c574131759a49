#include "stargate/ledger/ledger_uri.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stargate::ledger {
namespace {

using ::testing::HasSubstr;

TEST(LedgerUriTest, AcceptsSqlitePaths) {
  auto uri = ParseLedgerUri("sqlite:./stargate.db");
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->scheme, LedgerUri::Scheme::kSqlite);
  EXPECT_EQ(uri->path, "./stargate.db");
  EXPECT_EQ(ParseLedgerUri("sqlite:/var/lib/ledger.db")->path, "/var/lib/ledger.db");
  EXPECT_EQ(ParseLedgerUri("sqlite:///var/lib/ledger.db")->path, "/var/lib/ledger.db");
  EXPECT_EQ(ParseLedgerUri(kDefaultLedgerUri)->ToString(), "sqlite:./stargate.db");
}

TEST(LedgerUriTest, AcceptsPostgresUris) {
  auto uri = ParseLedgerUri("postgresql://postgres@127.0.0.1:55432/postgres");
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->scheme, LedgerUri::Scheme::kPostgres);
  EXPECT_EQ(uri->conninfo, "postgresql://postgres@127.0.0.1:55432/postgres");
  EXPECT_TRUE(ParseLedgerUri("postgres://db.example/ledger?sslmode=require").ok());
}

TEST(LedgerUriTest, HidesPasswordsInMessages) {
  EXPECT_EQ(ParseLedgerUri("postgresql://app:s3cret@db:5432/ledger")->ToString(),
            "postgresql://app:***@db:5432/ledger");
  EXPECT_EQ(ParseLedgerUri("postgresql://app@db/ledger")->ToString(), "postgresql://app@db/ledger");
}

TEST(LedgerUriTest, RefusesOtherFormsWithWhatIsExpected) {
  auto message = [](const char* text) {
    auto uri = ParseLedgerUri(text);
    EXPECT_FALSE(uri.ok()) << text;
    EXPECT_EQ(uri.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(uri.status().message());
  };
  EXPECT_EQ(message(""),
            "the ledger URI is empty; expected sqlite:PATH (e.g. sqlite:./stargate.db) "
            "or postgresql://USER@HOST:PORT/DB");
  EXPECT_THAT(message("ledger.db"),
              HasSubstr("ledger URI 'ledger.db' has no scheme; expected sqlite:ledger.db"));
  EXPECT_THAT(message("mysql://x/y"), HasSubstr("ledger URI scheme 'mysql' is not supported"));
  EXPECT_THAT(message("sqlite:"), HasSubstr("'sqlite:' names no file"));
  EXPECT_THAT(message("sqlite://host/x.db"), HasSubstr("has a host part"));
  EXPECT_THAT(message("postgresql://"), HasSubstr("names no server"));
}

}  // namespace
}  // namespace stargate::ledger
