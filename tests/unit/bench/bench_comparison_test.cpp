// `authreplay bench compare` on fixed bench files: the change per figure, the threshold (a figure
// exactly at it passes, past it regresses), runs that measured different things, and the exact
// errors of a malformed file.
#include "bench/bench_comparison.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/bench_file.h"
#include "cli/bench_compare_command.h"
#include "json/source_document.h"

namespace {

using authreplay::bench::BenchFigures;
using authreplay::bench::compareBenchRuns;
using authreplay::bench::parseBenchFile;
using authreplay::bench::parseRegressionThreshold;

// A bench file as `authreplay bench --json` writes it (the members the comparison reads), with
// throughput THROUGHPUT and every latency scaled by SLOWER, and CONNECTIONS connections.
std::string benchFile(double throughput, double slower = 1.0, int connections = 1) {
  auto us = [slower](int micros) { return std::to_string(static_cast<long>(micros * slower)); };
  return R"({
  "format": "authreplay-bench/1",
  "startedAt": "2026-12-07T14:00:00.000Z",
  "authreplayVersion": "0.9.0",
  "libcurlVersion": "7.88.1",
  "target": {"name": "lab", "url": "http://127.0.0.1:41001/KernelModeOff/index.htm"},
  "scenarios": ["shorthand"],
  "options": {"connections": )" +
         std::to_string(connections) + R"(, "connectionMode": "fresh", "requests": 1000,
              "profile": "curl", "scheme": "ntlm", "warmup": 1},
  "authenticatedPerSecond": )" +
         std::to_string(throughput) + R"(,
  "requests": 1000, "failed": 0, "failedChecks": 0,
  "latency": {"count": 1000, "p50Us": )" +
         us(300) + R"(, "p90Us": )" + us(400) + R"(, "p99Us": )" + us(500) + R"(, "maxUs": )" +
         us(900) + R"(},
  "legs": [
    {"position": 1, "name": "NTLM/1 -> 401", "p50Us": )" +
         us(100) + R"(, "p90Us": )" + us(150) + R"(, "p99Us": )" + us(200) + R"(, "maxUs": )" +
         us(400) + R"(},
    {"position": 2, "name": "NTLM/3 -> 200", "p50Us": )" +
         us(200) + R"(, "p90Us": )" + us(250) + R"(, "p99Us": )" + us(300) + R"(, "maxUs": )" +
         us(500) + R"(}
  ]
})";
}

BenchFigures run(const std::string& name, double throughput, double slower = 1.0,
                 int connections = 1) {
  return parseBenchFile(benchFile(throughput, slower, connections), name);
}

TEST(BenchComparisonTest, TwentyPercentSlowerAndLowerRegressesEveryGatedFigure) {
  const auto c = compareBenchRuns(run("A.json", 1000), run("B.json", 800, 1.2), 10);
  EXPECT_TRUE(c.differences.empty());
  EXPECT_TRUE(c.regressed());
  // throughput, 4 latencies of whole requests, 4 per leg x 2 legs, failed, failed checks.
  ASSERT_EQ(c.figures.size(), 1u + 4 + 8 + 2);
  EXPECT_EQ(c.figures[0].figure, "throughput (requests/s)");
  EXPECT_NEAR(*c.figures[0].changePercent, -20.0, 1e-9);
  EXPECT_TRUE(c.figures[0].pastThreshold);
  EXPECT_EQ(c.figures[1].figure, "p50 ms");
  EXPECT_NEAR(*c.figures[1].changePercent, 20.0, 1e-9);
  EXPECT_EQ(c.figures[5].figure, "leg 1 NTLM/1 -> 401 p50 ms");
  for (const auto& f : c.figures)
    EXPECT_EQ(f.pastThreshold, f.gated) << f.figure;
  // The max is one sample: shown, never gated.
  EXPECT_EQ(c.figures[4].figure, "max ms");
  EXPECT_FALSE(c.figures[4].gated);
}

TEST(BenchComparisonTest, ASlowerMaxAloneIsNoRegression) {
  auto b = run("B.json", 1000);
  b.latency.maxUs *= 2;
  for (auto& leg : b.legs)
    leg.latency.maxUs *= 2;
  const auto c = compareBenchRuns(run("A.json", 1000), b, 10);
  EXPECT_FALSE(c.regressed());
  EXPECT_NEAR(*c.figures[4].changePercent, 100.0, 1e-9);
}

TEST(BenchComparisonTest, ARunAgainstItselfOrWithinTheThresholdPasses) {
  EXPECT_FALSE(compareBenchRuns(run("A.json", 1000), run("A.json", 1000), 10).regressed());
  // 5 % slower and lower: within 10 %.
  const auto within = compareBenchRuns(run("A.json", 1000), run("B.json", 950, 1.05), 10);
  EXPECT_FALSE(within.regressed());
  // Exactly at the threshold is not past it.
  EXPECT_FALSE(compareBenchRuns(run("A.json", 1000), run("B.json", 900), 10).regressed());
  // Faster and higher is never a regression, however large.
  EXPECT_FALSE(compareBenchRuns(run("A.json", 1000), run("B.json", 3000, 0.5), 10).regressed());
  // The same 5 % with a 1 % threshold is.
  EXPECT_TRUE(compareBenchRuns(run("A.json", 1000), run("B.json", 950, 1.05), 1).regressed());
}

TEST(BenchComparisonTest, RunsOfDifferentOptionsDifferAndVersionsAreANote) {
  auto b = run("B.json", 1000, 1.0, 4);
  b.libcurlVersion = "8.5.0";
  b.targetUrl = "http://127.0.0.1:42002/KernelModeOff/index.htm";
  // A tool that rewrote a number (jq writes 1.0 as 1) changed nothing.
  b.options.emplace_back("durationSeconds", 0);
  auto a = run("A.json", 1000);
  a.options.emplace_back("durationSeconds", 0.0);
  const auto c = compareBenchRuns(a, b, 10);
  EXPECT_EQ(c.differences, (std::vector<std::string>{"options.connections: 1 in A, 4 in B"}));
  EXPECT_EQ(c.notes, (std::vector<std::string>{
                         "target URL: http://127.0.0.1:41001/KernelModeOff/index.htm in A, "
                         "http://127.0.0.1:42002/KernelModeOff/index.htm in B",
                         "libcurl: 7.88.1 in A, 8.5.0 in B"}));
}

TEST(BenchComparisonTest, ALegOnlyOneRunHasIsShownButNotGated) {
  auto b = run("B.json", 1000);
  b.legs.erase(b.legs.begin());
  const auto c = compareBenchRuns(run("A.json", 1000), b, 10);
  EXPECT_FALSE(c.regressed());
  EXPECT_EQ(c.figures[5].figure, "leg 1 NTLM/1 -> 401 p50 ms");
  EXPECT_FALSE(c.figures[5].b.has_value());
  EXPECT_FALSE(c.figures[5].changePercent.has_value());
}

TEST(BenchComparisonTest, TheTableMarksWhatRegressed) {
  const auto a = run("A.json", 1000);
  const auto b = run("B.json", 800, 1.2);
  std::ostringstream out;
  printComparison(out, a, b, compareBenchRuns(a, b, 10));
  const auto text = out.str();
  EXPECT_NE(text.find("  figure                               A           B      change\n"
                      "  throughput (requests/s)         1000.0       800.0     -20.0 %  << lower "
                      "by more than 10%\n"
                      "  p50 ms                           0.300       0.360     +20.0 %  << slower "
                      "by more than 10%\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  leg 2 NTLM/3 -> 200 max ms       0.500       0.600     +20.0 %\n"
                      "  failed                               0           0      +0.0 %\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("regressed: 10 figures worse by more than 10%\n"), std::string::npos) << text;
}

TEST(BenchComparisonTest, ThresholdIsAPercentageWithOrWithoutTheSign) {
  EXPECT_EQ(parseRegressionThreshold("10%"), 10.0);
  EXPECT_EQ(parseRegressionThreshold("2.5"), 2.5);
  EXPECT_EQ(parseRegressionThreshold("0"), 0.0);
  EXPECT_FALSE(parseRegressionThreshold("-5%"));
  EXPECT_FALSE(parseRegressionThreshold("%"));
  EXPECT_FALSE(parseRegressionThreshold("ten"));
  EXPECT_FALSE(parseRegressionThreshold("10 %"));
}

// Every error of a malformed file at once, each with its file, line, column and what was expected.
TEST(BenchFileTest, AMalformedFileNamesEveryErrorWithItsPosition) {
  auto text = benchFile(1000);
  text.replace(text.find("\"p50Us\": 100"), 12, "\"p50Us\": \"100\"");  // leg 1
  text.replace(text.find("\"requests\": 1000, \"failed\""), 17, "\"requests\": true,");
  try {
    parseBenchFile(text, "A.json");
    FAIL() << "no error";
  } catch (const authreplay::json::SourceErrors& e) {
    ASSERT_EQ(e.all().size(), 2u) << e.what();
    EXPECT_STREQ(e.all()[0].what(),
                 "A.json:11:15: expected an integer for \"requests\", got boolean");
    EXPECT_STREQ(e.all()[1].what(), "A.json:14:55: expected a number for \"p50Us\", got string");
  }
}

TEST(BenchFileTest, SyntaxErrorsAndOtherFormatsAreRefused) {
  EXPECT_THROW(parseBenchFile("{\"format\": ", "A.json"), authreplay::json::SourceError);
  try {
    parseBenchFile(R"({"format": "hdr-histogram/2"})", "A.json");
    FAIL() << "no error";
  } catch (const authreplay::json::SourceError& e) {
    EXPECT_STREQ(e.what(),
                 "A.json:1:12: unknown bench file format \"hdr-histogram/2\" (expected "
                 "\"authreplay-bench/1\")");
  }
}

std::string loadError(const std::filesystem::path& file) {
  try {
    authreplay::bench::loadBenchFile(file);
  } catch (const authreplay::json::SourceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(BenchFileTest, AFileThatIsNotThereOrTooLargeIsRefusedByName) {
  EXPECT_EQ(loadError("/nonexistent/A.json").rfind("/nonexistent/A.json:1:1: cannot read file", 0),
            0u);
  // A sparse file: nothing is written, and nothing of it may be read.
  const auto big = std::filesystem::temp_directory_path() /
                   ("authreplay-bench-big-" + std::to_string(::getpid()) + ".json");
  { std::ofstream(big) << "{"; }
  std::filesystem::resize_file(big, authreplay::bench::kMaxBenchFileBytes + 1);
  const auto error = loadError(big);
  std::filesystem::remove(big);
  EXPECT_EQ(error, big.string() + ":1:1: file is 4194305 bytes, more than the limit of 4194304");
}

// The command: a file that cannot be read is invalid input (2), named; a usage mistake too.
TEST(BenchCompareCommandTest, UnreadableFilesAndMistakesExitTwoSayingWhy) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(authreplay::cli::runBenchCompareCommand({"/nonexistent/A.json", "/nonexistent/B.json"},
                                                    out, err),
            2);
  EXPECT_EQ(err.str().rfind("error: /nonexistent/A.json:1:1: cannot read file", 0), 0u)
      << err.str();
  EXPECT_NE(err.str().find("error: /nonexistent/B.json:1:1: cannot read file"), std::string::npos);
  err.str("");
  EXPECT_EQ(authreplay::cli::runBenchCompareCommand({"A.json", "B.json", "--max-regression", "x"},
                                                    out, err),
            2);
  EXPECT_EQ(err.str().rfind("error: --max-regression expects a percentage from 0 to 1000 such as "
                            "10% or 10, got \"x\"\n",
                            0),
            0u)
      << err.str();
}

}  // namespace
