#include <stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include "face.hpp"
#include "kudzu/error.hpp"

namespace kudzu::plot {

namespace {

class TrueTypeFace final : public Face {
 public:
  TrueTypeFace(std::vector<unsigned char> data, const std::string& path) : data_(std::move(data)) {
    const int offset = stbtt_GetFontOffsetForIndex(data_.data(), 0);
    if (offset < 0 || !stbtt_InitFont(&info_, data_.data(), offset)) {
      throw Error("plot: '" + path + "' is not a TrueType font");
    }
    stbtt_GetFontVMetrics(&info_, &ascent_, &descent_, nullptr);
  }

  bool is_builtin() const override { return false; }

  LineMetrics metrics(double size) const override {
    const double scale = stbtt_ScaleForMappingEmToPixels(&info_, static_cast<float>(size));
    return {ascent_ * scale, -descent_ * scale};
  }

  double advance(std::u32string_view text, double size) const override {
    const double scale = stbtt_ScaleForMappingEmToPixels(&info_, static_cast<float>(size));
    double pen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) pen += glyph_advance(text, i) * scale;
    return pen;
  }

  TextBitmap rasterize(std::u32string_view text, double size) const override {
    const float scale = stbtt_ScaleForMappingEmToPixels(&info_, static_cast<float>(size));
    const LineMetrics line = metrics(size);
    TextBitmap bitmap;
    bitmap.origin_x = 2;  // room for glyphs reaching left of their box (italic j, overhangs)
    bitmap.baseline = std::ceil(line.ascent);
    bitmap.width = static_cast<int>(std::ceil(advance(text, size))) + 4;
    bitmap.height = static_cast<int>(bitmap.baseline + std::ceil(line.descent)) + 1;
    bitmap.coverage.assign(static_cast<std::size_t>(bitmap.width) * bitmap.height, 0.0f);
    std::vector<unsigned char> glyph;
    double pen = bitmap.origin_x;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const int index = stbtt_FindGlyphIndex(&info_, static_cast<int>(text[i]));
      // Subpixel placement keeps spacing even at small sizes.
      const float shift = static_cast<float>(pen - std::floor(pen));
      int x0, y0, x1, y1;
      stbtt_GetGlyphBitmapBoxSubpixel(&info_, index, scale, scale, shift, 0, &x0, &y0, &x1, &y1);
      const int w = x1 - x0, h = y1 - y0;
      if (w > 0 && h > 0) {
        glyph.assign(static_cast<std::size_t>(w) * h, 0);
        stbtt_MakeGlyphBitmapSubpixel(&info_, glyph.data(), w, h, w, scale, scale, shift, 0, index);
        add_glyph(bitmap, glyph, w, h, static_cast<int>(std::floor(pen)) + x0,
                  static_cast<int>(bitmap.baseline) + y0);
      }
      pen += glyph_advance(text, i) * scale;
    }
    return bitmap;
  }

 private:
  // Advance of text[i] in font units, with the kerning towards the next character.
  double glyph_advance(std::u32string_view text, std::size_t i) const {
    int advance_width, left_bearing;
    stbtt_GetCodepointHMetrics(&info_, static_cast<int>(text[i]), &advance_width, &left_bearing);
    if (i + 1 < text.size()) {
      advance_width += stbtt_GetCodepointKernAdvance(&info_, static_cast<int>(text[i]),
                                                     static_cast<int>(text[i + 1]));
    }
    return advance_width;
  }

  static void add_glyph(TextBitmap& bitmap, const std::vector<unsigned char>& glyph, int w, int h,
                        int left, int top) {
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const int bx = left + x, by = top + y;
        if (bx < 0 || by < 0 || bx >= bitmap.width || by >= bitmap.height) continue;
        float& cell = bitmap.coverage[static_cast<std::size_t>(by) * bitmap.width + bx];
        cell = std::min(1.0f, cell + glyph[static_cast<std::size_t>(y) * w + x] / 255.0f);
      }
    }
  }

  std::vector<unsigned char> data_;  // stb_truetype reads the font from here on every call
  stbtt_fontinfo info_;
  int ascent_ = 0, descent_ = 0;
};

}  // namespace

std::unique_ptr<const Face> load_truetype_face(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error("plot: cannot read font '" + path + "'");
  std::vector<unsigned char> data{std::istreambuf_iterator<char>(file),
                                  std::istreambuf_iterator<char>()};
  if (data.empty()) throw Error("plot: font '" + path + "' is empty");
  return std::make_unique<TrueTypeFace>(std::move(data), path);
}

}  // namespace kudzu::plot
