//! [`Message`]: a sentence for the user that is not yet in a language — a Fluent id and its
//! arguments. Background work and error mappings ([`super::errors`]) produce them; the window
//! puts them into words with [`Message::show`] when it draws, in the language chosen then.
//! Never holds the `Display` text of a core type: arguments are names, paths, numbers, or
//! other messages. Depends only on [`super::i18n`].

use super::i18n::{Arg, Tr};

/// A message id with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: &'static str,
    args: Vec<(&'static str, Part)>,
}

/// One argument of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Data the user typed or named (a person, a path, a file name): shown as it is.
    Text(String),
    Number(i64),
    /// Another message, put into words first (a reason inside a sentence).
    Message(Message),
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// Adds a text argument (a name, a path: data, never a sentence).
    #[must_use]
    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Part::Text(value.into())));
        self
    }

    #[must_use]
    pub fn number(mut self, name: &'static str, value: impl TryInto<i64>) -> Self {
        let value = value.try_into().unwrap_or(i64::MAX);
        self.args.push((name, Part::Number(value)));
        self
    }

    /// Adds a message argument, shown in the same language.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: Message) -> Self {
        self.args.push((name, Part::Message(value)));
        self
    }

    /// The sentence in `tr`'s language.
    pub fn show(&self, tr: &Tr) -> String {
        let inner: Vec<String> = self
            .args
            .iter()
            .map(|(_, part)| match part {
                Part::Message(m) => m.show(tr),
                Part::Text(_) | Part::Number(_) => String::new(),
            })
            .collect();
        let args: Vec<(&str, Arg<'_>)> = self
            .args
            .iter()
            .zip(&inner)
            .map(|((name, part), shown)| {
                let arg = match part {
                    Part::Text(text) => Arg::Text(text),
                    Part::Number(n) => Arg::Number(*n),
                    Part::Message(_) => Arg::Text(shown),
                };
                (*name, arg)
            })
            .collect();
        tr.with(self.id, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::support::i18n::Language;

    #[test]
    fn a_message_inside_a_message_is_shown_in_the_same_language() {
        let reason = Message::new("err-desk-wrong-pin").text("name", "李娜");
        let message = Message::new("error-save").with("detail", reason);
        let zh = message.show(&Tr::new(Language::SimplifiedChinese));
        assert!(zh.starts_with("无法保存更改。"), "{zh}");
        assert!(zh.contains("李娜"), "{zh}");
        let en = message.show(&Tr::new(Language::English));
        assert!(en.contains("Wrong PIN for 李娜"), "{en}");
    }
}
