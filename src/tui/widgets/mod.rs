//! Reusable pieces of the screen: text fields, forms, prompts, pickers,
//! confirmations and the help overlay.

pub mod big_clock;
pub mod confirm;
pub mod document;
pub mod form;
pub mod help;
pub mod line_input;
pub mod picker;
pub mod prompt;

use ratatui::layout::Rect;

/// A box of at most `width` × `height` centred in `area`, never outside it.
pub fn popup_area(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
