//! Every user-visible string of the window, through Fluent (`assets/i18n/*.ftl`). English is
//! complete and is the fallback for a message a translation lacks. Knows nothing of egui.

use crate::gui::command::LanguageChoice;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

const EN_US: &str = include_str!("../../../assets/i18n/en-US.ftl");
const ZH_CN: &str = include_str!("../../../assets/i18n/zh-CN.ftl");

/// A language the window is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    SimplifiedChinese,
}

impl LanguageChoice {
    pub fn resolve(self) -> Language {
        match self {
            Self::System => {
                sys_locale::get_locale().map_or(Language::English, |tag| Language::for_locale(&tag))
            }
            Self::English => Language::English,
            Self::SimplifiedChinese => Language::SimplifiedChinese,
        }
    }
}

impl Language {
    /// Chinese locales (`zh-CN`, `zh_CN.UTF-8`, `zh-Hans`, even `zh-TW`, better served by
    /// Simplified Chinese than English) get Chinese; everything else English.
    pub fn for_locale(tag: &str) -> Language {
        let lower = tag.to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") || lower.starts_with("zh_") {
            Language::SimplifiedChinese
        } else {
            Language::English
        }
    }

    fn source(self) -> (&'static str, &'static str) {
        match self {
            Language::English => ("en-US", EN_US),
            Language::SimplifiedChinese => ("zh-CN", ZH_CN),
        }
    }
}

/// The messages of one language, with English behind it.
pub struct Tr {
    language: Language,
    bundle: FluentBundle<FluentResource>,
    english: FluentBundle<FluentResource>,
}

impl Tr {
    pub fn new(language: Language) -> Self {
        Self {
            language,
            bundle: bundle(language),
            english: bundle(Language::English),
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `id`; its id itself if no bundle has it (a bug the unit test catches).
    pub fn get(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with named arguments (strings or numbers).
    pub fn with(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(*text),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        self.format(id, Some(&fluent_args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        for bundle in [&self.bundle, &self.english] {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, args, &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(id, ?errors, "translation problem");
                }
                return text.into_owned();
            }
        }
        tracing::warn!(id, "untranslated message");
        id.to_owned()
    }
}

/// A message argument.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(i64),
}

fn bundle(language: Language) -> FluentBundle<FluentResource> {
    let (tag, source) = language.source();
    // The .ftl files are compiled in and checked by the unit tests below.
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, _)| resource);
    let langid: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![langid]);
    // Unicode isolation marks around arguments would show as boxes in egui.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Message ids: lines starting with `id =` (attributes and variants are indented).
    fn ids(source: &str) -> Vec<String> {
        assert!(
            FluentResource::try_new(source.to_owned()).is_ok(),
            "the .ftl file parses"
        );
        let mut ids: Vec<String> = source
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn both_languages_have_exactly_the_same_messages() {
        let english = ids(EN_US);
        assert!(english.len() > 80, "{} messages", english.len());
        assert_eq!(english, ids(ZH_CN));
        let zh = Tr::new(Language::SimplifiedChinese);
        for id in &english {
            assert_ne!(zh.get(id), *id, "{id} formats");
        }
    }

    #[test]
    fn arguments_and_plurals_format_without_isolation_marks() {
        let en = Tr::new(Language::English);
        assert_eq!(
            en.with("copied", &[("seconds", Arg::Number(30))]),
            "Copied — clears in 30 s"
        );
        assert_eq!(
            en.with("section-count", &[("count", Arg::Number(1))]),
            "1 account"
        );
        let zh = Tr::new(Language::SimplifiedChinese);
        assert_eq!(zh.get("add-account"), "添加账户");
        assert_eq!(
            zh.with("deleted", &[("label", Arg::Text("亚马逊 (店铺1)"))]),
            "已删除 亚马逊 (店铺1)"
        );
    }

    #[test]
    fn chinese_locales_choose_chinese() {
        for tag in ["zh-CN", "zh_CN.UTF-8", "zh-Hans-CN", "zh"] {
            assert_eq!(
                Language::for_locale(tag),
                Language::SimplifiedChinese,
                "{tag}"
            );
        }
        for tag in ["en-US", "C", "de_DE.UTF-8", "zu"] {
            assert_eq!(Language::for_locale(tag), Language::English, "{tag}");
        }
    }

    #[test]
    fn every_labelled_command_has_a_translation() {
        for lang in [Language::English, Language::SimplifiedChinese] {
            let tr = Tr::new(lang);
            for command in crate::gui::command::Command::ALL {
                for key in [Some(command.label_key()), command.tooltip_key()]
                    .into_iter()
                    .flatten()
                    .filter(|k| !k.is_empty())
                {
                    assert_ne!(tr.get(key), key, "{lang:?} lacks {key}");
                }
            }
        }
    }
}
