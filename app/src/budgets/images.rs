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

/// The photos as they will be stored — media type and bytes without their metadata (see [`strip_metadata`]) —
/// or why the set is refused (the Fluent key).
pub fn check(images: &[Vec<u8>]) -> Result<Vec<(&'static str, Vec<u8>)>, &'static str> {
    if images.len() > MAX_IMAGES {
        return Err(crate::msg_key!("error-project-images-count"));
    }
    images
        .iter()
        .map(|bytes| {
            if bytes.len() > MAX_IMAGE_BYTES {
                return Err(crate::msg_key!("error-project-image-size"));
            }
            let kind = sniff(bytes).ok_or(crate::msg_key!("error-project-image-type"))?;
            let clean = strip_metadata(bytes, kind).ok_or(crate::msg_key!("error-project-image-type"))?;
            Ok((kind, clean))
        })
        .collect()
}

/// A photo without its metadata: a phone's photo carries where it was taken (EXIF GPS), the device, the time,
/// sometimes the owner's name, none of which a published project photo should tell. What the picture needs is
/// kept (JPEG: the JFIF header, a colour profile, Adobe's colour transform; PNG and WebP: every chunk but text,
/// EXIF, XMP and time). `None` when the file is not well formed. Written here rather than with an image crate:
/// it only walks the three containers' segment lists (no decoding), and refusing anything malformed is the
/// point.
pub fn strip_metadata(bytes: &[u8], kind: &str) -> Option<Vec<u8>> {
    match kind {
        "image/jpeg" => strip_jpeg(bytes),
        "image/png" => strip_png(bytes),
        "image/webp" => strip_webp(bytes),
        _ => None,
    }
}

fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0xFF, 0xD8];
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            // Fill bytes before a marker.
            0xFF => at += 1,
            // End of image.
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Some(out);
            }
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&bytes[at..at + 2]);
                at += 2;
            }
            _ => {
                let length = usize::from(u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]));
                let end = (at + 2).checked_add(length).filter(|&e| length >= 2 && e <= bytes.len())?;
                let payload = &bytes[at + 4..end];
                let keep = match marker {
                    0xE0 => true,                                  // JFIF
                    0xE2 => payload.starts_with(b"ICC_PROFILE\0"), // colour profile
                    0xEE => payload.starts_with(b"Adobe"),         // colour transform
                    0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,     // EXIF, XMP, other APPn, comments
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(&bytes[at..end]);
                }
                at = end;
                if marker == 0xDA {
                    // Start of scan: the compressed picture runs to the end (restart markers included).
                    out.extend_from_slice(&bytes[at..]);
                    return Some(out);
                }
            }
        }
    }
}

fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: usize = 8;
    let mut out = bytes.get(..SIGNATURE)?.to_vec();
    let mut at = SIGNATURE;
    while at < bytes.len() {
        let length = usize::try_from(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?)).ok()?;
        let end = at.checked_add(12)?.checked_add(length).filter(|&e| e <= bytes.len())?;
        let kind = &bytes[at + 4..at + 8];
        if !matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME") {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}

fn strip_webp(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut body = b"WEBP".to_vec();
    let mut at = 12;
    while at < bytes.len() {
        let fourcc = bytes.get(at..at + 4)?;
        let size = usize::try_from(u32::from_le_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?)).ok()?;
        let end = at.checked_add(8)?.checked_add(size)?.checked_add(size % 2).filter(|&e| e <= bytes.len())?;
        match fourcc {
            b"EXIF" | b"XMP " => {}
            b"VP8X" if size >= 1 => {
                // The extended header's flags announce EXIF (bit 3) and XMP (bit 2): they are gone.
                let mut chunk = bytes[at..end].to_vec();
                chunk[8] &= !0b0000_1100;
                body.extend_from_slice(&chunk);
            }
            _ => body.extend_from_slice(&bytes[at..end]),
        }
        at = end;
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&u32::try_from(body.len()).ok()?.to_le_bytes());
    out.extend_from_slice(&body);
    Some(out)
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

    /// The smallest PNG (one pixel).
    const PNG: &[u8] = b"\x89PNG\x0d\x0a\x1a\x0a\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0dIDATx\xdac\xfc\xcf\xc0P\x0f\x00\x04\x85\x01\x80\x84\xa9\x8c!\x00\x00\x00\x00IEND\xaeB`\x82";

    fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]);
        c
    }

    /// The review's finding: project photos kept their EXIF data, GPS position included.
    #[test]
    fn photos_lose_their_metadata() {
        // JPEG: SOI, JFIF, an EXIF segment with a GPS position, a comment, a quantisation table, the scan, EOI.
        let segment = |marker: u8, payload: &[u8]| {
            let mut s = vec![0xFF, marker];
            s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
            s.extend_from_slice(payload);
            s
        };
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(segment(0xE0, b"JFIF\0\x01\x01"));
        jpeg.extend(segment(0xE1, b"Exif\0\0GPS 43.6045N 1.4440E"));
        jpeg.extend(segment(0xFE, b"photo de Camille"));
        jpeg.extend(segment(0xDB, &[0; 65]));
        jpeg.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
        jpeg.extend_from_slice(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]);
        let clean = strip_metadata(&jpeg, "image/jpeg").unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("GPS") && !text.contains("Exif") && !text.contains("Camille"), "{clean:?}");
        assert!(text.contains("JFIF") && clean.ends_with(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]));
        assert_eq!(clean.len(), jpeg.len() - (4 + 26) - (4 + 16), "exactly the EXIF segment and the comment go");
        // PNG: an eXIf and a tEXt chunk go, the picture stays byte for byte.
        let mut png = PNG[..33].to_vec();
        png.extend(png_chunk(b"eXIf", b"GPS 43.6045N"));
        png.extend(png_chunk(b"tEXt", b"Author\0Camille"));
        png.extend_from_slice(&PNG[33..]);
        assert_eq!(strip_metadata(&png, "image/png").as_deref(), Some(PNG));
        assert_eq!(strip_metadata(PNG, "image/png").as_deref(), Some(PNG));
        // WebP: the EXIF chunk goes, VP8X forgets it, the RIFF size follows.
        let mut body = b"WEBP".to_vec();
        body.extend_from_slice(b"VP8X\x0a\0\0\0\x08\0\0\0\0\0\0\0\0\0");
        body.extend_from_slice(b"VP8L\x02\0\0\0\x2f\0");
        body.extend_from_slice(b"EXIF\x03\0\0\0GPS\0");
        let mut webp = b"RIFF".to_vec();
        webp.extend_from_slice(&(body.len() as u32).to_le_bytes());
        webp.extend_from_slice(&body);
        let clean = strip_metadata(&webp, "image/webp").unwrap();
        assert!(!clean.windows(4).any(|w| w == b"EXIF") && clean[20] & 0b1100 == 0, "{clean:?}");
        assert_eq!(u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize, clean.len() - 8);
        // Malformed files are refused rather than stored as they came.
        assert_eq!(strip_metadata(&jpeg[..10], "image/jpeg"), None);
        assert_eq!(strip_metadata(&PNG[..20], "image/png"), None);
        assert_eq!(strip_metadata(b"RIFF\xff\0\0\0WEBPVP8 \xff\xff\0\0", "image/webp"), None);
    }

    #[test]
    fn at_most_three_small_photos() {
        let png = PNG.to_vec();
        assert_eq!(
            check(&[png.clone(), png.clone()]),
            Ok(vec![("image/png", png.clone()), ("image/png", png.clone())])
        );
        assert_eq!(check(&vec![png.clone(); 4]), Err("error-project-images-count"));
        assert_eq!(check(&[b"not an image".to_vec()]), Err("error-project-image-type"));
        let mut big = png.clone();
        big.resize(MAX_IMAGE_BYTES + 1, 0);
        assert_eq!(check(&[big]), Err("error-project-image-size"));
        assert_eq!(check(&[]), Ok(vec![]));
    }
}
