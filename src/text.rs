//! The text of a file as people save it: UTF-8 with or without a byte order mark (the JSON reader
//! skips the mark), or UTF-16 with one, which Windows PowerShell 5's `>` and `Out-File` write.
//! The command line and the page's "Open a file" read files through [`decode`]; the page's usage
//! import through [`decode_lenient`].

/// Why bytes are not text: what [`decode`] reads.
pub const NOT_TEXT: &str = "not text in UTF-8 (or UTF-16 with a byte order mark)";

/// The text of a file's bytes, or [`NOT_TEXT`].
pub fn decode(bytes: Vec<u8>) -> Result<String, &'static str> {
    match utf16(&bytes) {
        Some(text) => text,
        None => String::from_utf8(bytes).map_err(|_| NOT_TEXT),
    }
}

/// [`decode`] for logs, where a damaged byte should not cost the rest: UTF-16 by its byte order
/// mark as there (or [`NOT_TEXT`]), anything else as UTF-8 with damaged bytes replaced.
pub fn decode_lenient(bytes: Vec<u8>) -> Result<String, &'static str> {
    match utf16(&bytes) {
        Some(text) => text,
        None => Ok(String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// The text of bytes that begin with a UTF-16 byte order mark (either order); `None` without one.
fn utf16(bytes: &[u8]) -> Option<Result<String, &'static str>> {
    let be = match bytes.get(..2)? {
        [0xff, 0xfe] => false,
        [0xfe, 0xff] => true,
        _ => return None,
    };
    let units = bytes[2..].chunks(2).map(|c| {
        let pair = [c[0], *c.get(1).unwrap_or(&0)];
        if be { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }
    });
    Some(char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| NOT_TEXT))
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
        // Lenient: a damaged UTF-8 byte is replaced; UTF-16 is as strict as ever.
        assert_eq!(decode_lenient(vec![0x7b, 0xff, 0x7d]).unwrap(), "{\u{fffd}}");
        assert_eq!(decode_lenient(vec![0xff, 0xfe, 0x41, 0x00]).unwrap(), "A");
        assert_eq!(decode_lenient(vec![0xff, 0xfe, 0x00, 0xd8]), Err(NOT_TEXT));
    }
}
