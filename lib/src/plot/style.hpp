// The house look, in one place: sizes in pixels and colours close to matplotlib's defaults.
#pragma once

#include "kudzu/plot/color.hpp"

namespace kudzu::plot::style {

inline constexpr Color text = colors::dark_gray;
inline constexpr Color spine = Color::hex(0x3c3c3c);
inline constexpr Color grid = Color::hex(0xb8b8b8);
inline constexpr Color legend_frame = Color::hex(0xcccccc);
inline constexpr Color legend_fill = Color::hex(0xffffff, 0.85f);
inline constexpr Color pane = Color::hex(0xf2f2f2);  // 3-D back panes
inline constexpr Color pane_grid = Color::hex(0xd9d9d9);

inline constexpr double tick_label_size = 13;
inline constexpr double axis_label_size = 15;
inline constexpr double title_size = 16;
inline constexpr double figure_title_size = 19;
inline constexpr double legend_text_size = 13.5;

inline constexpr double tick_length = 5;
inline constexpr double gap = 6;        // between ticks, their labels and axis labels
inline constexpr double cell_pad = 12;  // around each cell's content
inline constexpr double grid_width = 0.9;
inline constexpr double grid_dash_on = 4, grid_dash_off = 3;

inline constexpr double colorbar_gap = 18;
inline constexpr double colorbar_width = 20;

}  // namespace kudzu::plot::style
