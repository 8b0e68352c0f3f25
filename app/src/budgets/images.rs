//! Photos attached to a project: what is accepted (pure). A photo is known by its first bytes, never by the
//! name or type the browser claims, so a page or a script renamed `.jpg` is refused.

/// The most photos per project.
pub const MAX_IMAGES: usize = 3;
/// The largest photo, in bytes.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// The media type of an image from its first bytes: JPEG, PNG or WebP; `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
        _ => None,
    }
}

/// Why a set of photos is refused (the Fluent key), if it is.
pub fn check(images: &[Vec<u8>]) -> Result<Vec<&'static str>, &'static str> {
    if images.len() > MAX_IMAGES {
        return Err(crate::msg_key!("error-project-images-count"));
    }
    images
        .iter()
        .map(|bytes| {
            if bytes.len() > MAX_IMAGE_BYTES {
                Err(crate::msg_key!("error-project-image-size"))
            } else {
                sniff(bytes).ok_or(crate::msg_key!("error-project-image-type"))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_known_by_their_first_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(&[]), None);
    }

    #[test]
    fn at_most_three_small_photos() {
        let png = b"\x89PNG\r\n\x1a\n rest".to_vec();
        assert_eq!(check(&[png.clone(), png.clone()]), Ok(vec!["image/png", "image/png"]));
        assert_eq!(check(&vec![png.clone(); 4]), Err("error-project-images-count"));
        assert_eq!(check(&[b"not an image".to_vec()]), Err("error-project-image-type"));
        let mut big = png.clone();
        big.resize(MAX_IMAGE_BYTES + 1, 0);
        assert_eq!(check(&[big]), Err("error-project-image-size"));
        assert_eq!(check(&[]), Ok(vec![]));
    }
}
