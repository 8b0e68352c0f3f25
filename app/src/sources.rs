//! The crate's own source files, for the tests that read them (the layers of features, the addresses).

use std::path::{Path, PathBuf};

/// The `src` folder of the crate.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src`.
pub fn rust_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = vec![];
    walk(&root(), &mut files);
    files
}

/// A source file without its line comments and its unit-test module.
pub fn code_of(source: &str) -> String {
    let code = source.lines().map(uncommented).collect::<Vec<_>>().join("\n");
    cut_block(&code, "#[cfg(test)]\nmod tests {").0
}

/// A line up to its `//` comment, a `//` inside a string (a URL) kept.
pub fn uncommented(line: &str) -> &str {
    let bytes = line.as_bytes();
    let (mut in_string, mut i) = (false, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

/// `code` without the first block that starts with `opening`, and that block.
pub fn cut_block(code: &str, opening: &str) -> (String, Option<String>) {
    let Some(at) = code.find(opening) else { return (code.to_string(), None) };
    let open = at + opening.len() - 1;
    let mut depth = 0;
    for (i, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => {
                let end = open + i + 1;
                return (format!("{}{}", &code[..at], &code[end..]), Some(code[at..end].to_string()));
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    (code[..at].to_string(), Some(code[at..].to_string()))
}
