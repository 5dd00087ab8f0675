//! Search that ignores case and Vietnamese diacritics: "hoang tan" finds
//! "Hoàng Tân", "dong mai" finds "Đông Mai".

use unicode_normalization::UnicodeNormalization;

/// Lower case, diacritics removed, đ folded to d, whitespace collapsed.
pub fn fold(text: &str) -> String {
    let stripped: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether every word of `query` occurs in `text`, both folded.
pub fn matches(text: &str, query: &str) -> bool {
    let haystack = fold(text);
    fold(query).split(' ').all(|word| haystack.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_vietnamese_to_plain_lower_case() {
        assert_eq!(fold("Hoàng Tân"), "hoang tan");
        assert_eq!(fold("ĐÔNG  MAI"), "dong mai");
        assert_eq!(fold("Nguyễn Thị Hường"), "nguyen thi huong");
        assert!(matches("Hộ Phạm Văn Đức, thôn Hoàng Tân", "hoang tan"));
        assert!(matches("Hoàng Tân", "TÂN hoàng"));
        assert!(!matches("Hà An", "hoang"));
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC{0,30}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn a_text_always_matches_itself(s in "[a-zA-ZàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễđĐ ]{1,30}") {
            prop_assert!(matches(&s, &s));
        }
    }
}
