//! What a search box finds: every word of the query must appear in the text, ignoring case,
//! and Chinese text can also be found by its pinyin ("yamaxun" finds 亚马逊) or the pinyin's
//! initials ("ymx"), as people type on a desk without switching to a Chinese input method.
//! Pure: no window, no I/O. Depends on the `pinyin` crate's table only.

use pinyin::ToPinyin;

/// A text prepared for searching: the text itself, its full pinyin and the pinyin initials,
/// all in lower case. Characters without pinyin (Latin letters, digits) stay as they are in
/// all three, so "亚马逊 store1" is also "yamaxun store1" and "ymx store1".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Haystack {
    text: String,
    spelled: String,
    initials: String,
}

impl Haystack {
    pub fn new(text: &str) -> Self {
        let text = text.to_lowercase();
        let mut spelled = String::with_capacity(text.len());
        let mut initials = String::with_capacity(text.len());
        for (c, reading) in text.chars().zip(text.as_str().to_pinyin()) {
            match reading {
                Some(reading) => {
                    spelled.push_str(reading.plain());
                    initials.push_str(reading.first_letter());
                }
                None => {
                    spelled.push(c);
                    initials.push(c);
                }
            }
        }
        Self {
            text,
            spelled,
            initials,
        }
    }

    /// Whether every word of `query` is found in the text, its pinyin or its initials.
    pub fn matches(&self, query: &str) -> bool {
        query.split_whitespace().all(|word| {
            let word = word.to_lowercase();
            self.text.contains(&word)
                || self.spelled.contains(&word)
                || self.initials.contains(&word)
        })
    }
}

/// Whether every word of `query` is found in `text` (see [`Haystack`]).
pub fn matches(text: &str, query: &str) -> bool {
    Haystack::new(text).matches(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_found_by_pinyin_and_initials() {
        let hay = Haystack::new("亚马逊 店铺1 Shops");
        for query in [
            "亚马",
            "ymx",
            "yamaxun",
            "YMX",
            "yamax dp1",
            "dianpu",
            "shops",
            "马逊",
        ] {
            assert!(hay.matches(query), "{query}");
        }
        for query in ["ebay", "yx", "ymxx", "amazon"] {
            assert!(!hay.matches(query), "{query}");
        }
    }

    #[test]
    fn latin_text_matches_every_word_in_any_case() {
        assert!(matches("Shopify store7 Sales", "shop SALES"));
        assert!(!matches("Shopify store7 Sales", "shop ebay"));
        assert!(matches("anything", "   "));
    }
}
