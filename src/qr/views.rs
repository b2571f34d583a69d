//! One image's derived bitmaps, each made at most once and shared by every pass that wants
//! it: the grayscale image at full, half or double size, binarised with the global or the
//! local level; the other polarity is the bitmap's negation, not a second binarisation.
//! Pure; depends on [`prepare`](super::prepare) and [`binarise`](super::binarise) only.

use super::binarise::{self, Bitmap};
use super::prepare::Gray;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    Global,
    Local,
}

/// Size of a bitmap relative to the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Full,
    Half,
    Double,
}

impl Scale {
    /// Original pixels per bitmap pixel.
    pub fn original_per_pixel(self) -> f64 {
        match self {
            Scale::Full => 1.0,
            Scale::Half => 2.0,
            Scale::Double => 0.5,
        }
    }
}

/// One way of looking at the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub scale: Scale,
    pub threshold: Threshold,
    /// Light-on-dark: the bitmap's negation.
    pub inverted: bool,
}

/// The bitmaps made so far for one grayscale image.
pub struct Views<'a> {
    gray: &'a Gray,
    scaled: Vec<(Scale, Gray)>,
    bitmaps: Vec<((Scale, Threshold), Bitmap)>,
}

impl<'a> Views<'a> {
    pub fn new(gray: &'a Gray) -> Views<'a> {
        Views {
            gray,
            scaled: Vec::new(),
            bitmaps: Vec::new(),
        }
    }

    /// The bitmap for `view`, made now if no earlier pass made it.
    pub fn bitmap(&mut self, view: View) -> Bitmap {
        let key = (view.scale, view.threshold);
        let plain = match self.bitmaps.iter().position(|(k, _)| *k == key) {
            Some(i) => &self.bitmaps[i].1,
            None => {
                let gray = self.gray_at(view.scale);
                let made = match view.threshold {
                    Threshold::Global => binarise::binarise_global(gray),
                    Threshold::Local => binarise::binarise_local(gray),
                };
                self.bitmaps.push((key, made));
                &self.bitmaps[self.bitmaps.len() - 1].1
            }
        };
        if view.inverted {
            plain.inverted()
        } else {
            plain.clone()
        }
    }

    fn gray_at(&mut self, scale: Scale) -> &Gray {
        if scale == Scale::Full {
            return self.gray;
        }
        let i = match self.scaled.iter().position(|(s, _)| *s == scale) {
            Some(i) => i,
            None => {
                let made = if scale == Scale::Half {
                    self.gray.downscale(2)
                } else {
                    self.gray.upscale2()
                };
                self.scaled.push((scale, made));
                self.scaled.len() - 1
            }
        };
        &self.scaled[i].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::prepare::tests::gray;

    #[test]
    fn the_other_polarity_is_the_negation_and_sizes_follow_the_scale() {
        let g = gray(
            16,
            16,
            |x, y| if (x / 2 + y / 2) % 2 == 0 { 20 } else { 230 },
        );
        let mut views = Views::new(&g);
        let view = |scale, inverted| View {
            scale,
            threshold: Threshold::Global,
            inverted,
        };
        let plain = views.bitmap(view(Scale::Full, false));
        let inverted = views.bitmap(view(Scale::Full, true));
        assert!(plain.dark.iter().zip(&inverted.dark).all(|(a, b)| a != b));
        assert_eq!(plain.dark, binarise::binarise_global(&g).dark);
        let double = views.bitmap(view(Scale::Double, false));
        assert_eq!((double.width, double.height), (32, 32));
        assert_eq!(views.bitmap(view(Scale::Half, false)).width, 8);
    }
}
