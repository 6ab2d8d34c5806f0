#include "bench/latency_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "text/markup_escape.h"

namespace authreplay::bench {

namespace {

constexpr double kWidth = 640;
constexpr double kHeight = 220;
constexpr double kLeft = 60;  // room for the y labels
constexpr double kRight = 16;
constexpr double kTop = 12;
constexpr double kBottom = 44;  // room for the x labels and the axis title
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;

std::string num(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

// A latency in microseconds as an axis label in milliseconds: "0.01", "1", "100".
std::string msLabel(double micros) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", micros / 1000.0);
  return text;
}

// Log-scale x over [LOW, HIGH] microseconds (LOW >= 1).
struct XAxis {
  double logLow;
  double logHigh;
  double at(double micros) const {
    const double v = std::log10(std::max(micros, 1.0));
    return kLeft + (v - logLow) / (logHigh - logLow) * kPlotWidth;
  }
};

XAxis xAxisFor(const std::vector<LatencyHistogram::Bucket>& buckets) {
  double low =
      buckets.empty() ? 100 : static_cast<double>(std::max<std::int64_t>(1, buckets.front().low));
  double high = buckets.empty() ? 10000 : static_cast<double>(buckets.back().high + 1);
  // At least a decade, widened on both sides, so a narrow distribution still shows its shape.
  low = std::max(1.0, low / 1.5);
  high = std::max(high * 1.5, low * 10);
  return {std::log10(low), std::log10(high)};
}

void drawAxes(std::string& svg, const XAxis& x, std::uint64_t maxCount) {
  const double bottom = kTop + kPlotHeight;
  svg += "<g stroke=\"#444\" stroke-width=\"1\">";
  svg += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(bottom) + "\" x2=\"" +
         num(kLeft + kPlotWidth) + "\" y2=\"" + num(bottom) + "\"/>";
  svg += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(kLeft) +
         "\" y2=\"" + num(bottom) + "\"/></g>\n";
  svg += "<g font-size=\"11\" fill=\"#222\" text-anchor=\"middle\">";
  // Ticks at every power of ten of microseconds inside the range.
  for (int e = static_cast<int>(std::ceil(x.logLow)); e <= static_cast<int>(std::floor(x.logHigh));
       ++e) {
    const double micros = std::pow(10.0, e);
    const double px = x.at(micros);
    svg += "<line x1=\"" + num(px) + "\" y1=\"" + num(bottom) + "\" x2=\"" + num(px) + "\" y2=\"" +
           num(bottom + 4) + "\" stroke=\"#444\"/>";
    svg +=
        "<text x=\"" + num(px) + "\" y=\"" + num(bottom + 16) + "\">" + msLabel(micros) + "</text>";
  }
  svg += "<text x=\"" + num(kLeft + kPlotWidth / 2) + "\" y=\"" + num(kHeight - 6) +
         "\">latency (ms, log scale)</text>";
  svg += "</g>\n<g font-size=\"11\" fill=\"#222\" text-anchor=\"end\">";
  svg += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(bottom) + "\">0</text>";
  svg += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(kTop + 10) + "\">" +
         std::to_string(maxCount) + "</text>";
  svg += "<text transform=\"translate(14 " + num(kTop + kPlotHeight / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">requests per bucket</text></g>\n";
}

// LINE: which text line of the plot's top the label takes, so that p50 and p99 close together
// do not overwrite each other.
void drawMarker(std::string& svg, const XAxis& x, double micros, const char* label, int line) {
  const double px = x.at(micros);
  svg += "<line x1=\"" + num(px) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(px) + "\" y2=\"" +
         num(kTop + kPlotHeight) + "\" stroke=\"#c33\" stroke-dasharray=\"4 3\"/>";
  svg += "<text x=\"" + num(px + 3) + "\" y=\"" + num(kTop + 10 + 13 * line) +
         "\" font-size=\"11\" fill=\"#c33\">" + label + " " + msLabel(micros) + " ms</text>\n";
}

}  // namespace

std::string latencyPlotSvg(const LatencyHistogram& histogram, const std::string& title) {
  const auto buckets = histogram.buckets();
  const XAxis x = xAxisFor(buckets);
  std::uint64_t maxCount = 0;
  for (const auto& b : buckets)
    maxCount = std::max(maxCount, b.count);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    num(kWidth) + "\" height=\"" + num(kHeight) + "\" viewBox=\"0 0 " +
                    num(kWidth) + " " + num(kHeight) + "\">\n<title>" + text::escapeMarkup(title) +
                    "</title>\n";
  drawAxes(svg, x, maxCount);
  if (buckets.empty()) {
    svg += "<text x=\"" + num(kLeft + kPlotWidth / 2) + "\" y=\"" + num(kTop + kPlotHeight / 2) +
           "\" text-anchor=\"middle\" font-size=\"12\">no data</text>\n</svg>";
    return svg;
  }
  svg += "<g fill=\"#3a6ea5\">";
  const double bottom = kTop + kPlotHeight;
  for (const auto& b : buckets) {
    const double x0 = x.at(static_cast<double>(std::max<std::int64_t>(1, b.low)));
    const double x1 = x.at(static_cast<double>(b.high + 1));
    const double h = static_cast<double>(b.count) / static_cast<double>(maxCount) * kPlotHeight;
    svg += "<rect x=\"" + num(x0) + "\" y=\"" + num(bottom - h) + "\" width=\"" +
           num(std::max(1.0, x1 - x0)) + "\" height=\"" + num(h) + "\"/>";
  }
  svg += "</g>\n";
  drawMarker(svg, x, static_cast<double>(histogram.percentile(50)), "p50", 0);
  drawMarker(svg, x, static_cast<double>(histogram.percentile(99)), "p99", 1);
  svg += "</svg>";
  return svg;
}

}  // namespace authreplay::bench
