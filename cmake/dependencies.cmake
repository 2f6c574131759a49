# Every third-party library comes from a Debian 12 package (see README, `run`).
find_package(PkgConfig REQUIRED)
find_package(absl REQUIRED)
find_package(yaml-cpp REQUIRED)            # target `yaml-cpp` (no namespace in 0.7)
find_package(nlohmann_json 3.11 REQUIRED)
if(STARGATE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(STARGATE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# Unicode: normalization and confusable skeletons (core), transliteration (screen).
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(CURL REQUIRED)                # lists update: HTTPS downloads
