//! The text of a file as people save it: UTF-8 with or without a byte order mark (the JSON reader
//! skips the mark), or UTF-16 with one, which Windows PowerShell 5's `>` and `Out-File` write.
//! The command line and the page's "Open a file" both read files through [`decode`].

/// Why bytes are not text: what [`decode`] reads.
pub const NOT_TEXT: &str = "not text in UTF-8 (or UTF-16 with a byte order mark)";

/// The text of a file's bytes, or [`NOT_TEXT`].
pub fn decode(bytes: Vec<u8>) -> Result<String, &'static str> {
    let utf16 = |be: bool| {
        let units = bytes[2..].chunks(2).map(|c| {
            let pair = [c[0], *c.get(1).unwrap_or(&0)];
            if be { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().ok()
    };
    let text = match bytes.get(..2) {
        Some([0xff, 0xfe]) => utf16(false),
        Some([0xfe, 0xff]) => utf16(true),
        _ => String::from_utf8(bytes).ok(),
    };
    text.ok_or(NOT_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode(b"{\"a\": 1}".to_vec()).unwrap(), "{\"a\": 1}");
        assert_eq!(decode("\u{feff}é".as_bytes().to_vec()).unwrap(), "\u{feff}é");
        let le: Vec<u8> = [0xff, 0xfe].into_iter().chain("é😀".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(le).unwrap(), "é😀");
        let be: Vec<u8> = [0xfe, 0xff].into_iter().chain("é😀".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(be).unwrap(), "é😀");
        // A lone surrogate, and bytes that are not UTF-8.
        assert_eq!(decode(vec![0xff, 0xfe, 0x00, 0xd8]), Err(NOT_TEXT));
        assert_eq!(decode(vec![0x7b, 0xff, 0x7d]), Err(NOT_TEXT));
        assert_eq!(decode(Vec::new()).unwrap(), "");
    }
}
