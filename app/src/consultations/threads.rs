//! The comments' reading order: threads (a top-level comment and its replies), sorted, and cut into pages so a
//! consultation with thousands of comments still sends a phone a page it can read.

use super::*;
use std::collections::HashMap;

/// Top-level threads on one page of comments (each with all its replies).
pub const THREADS_PER_PAGE: usize = 20;

/// Which page of comments a reader asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// A page number (1 is the first; one past the last shows the last).
    Page(u32),
    /// The page that holds this comment (links to a comment, from a notification, a report or a post).
    Containing(i64),
}

impl Wanted {
    /// Reads the query's `page` and `commentaire` values (an unreadable one means the first page).
    pub fn from_query(page: &str, comment: &str) -> Wanted {
        match comment.trim().parse::<i64>() {
            Ok(id) if id > 0 => Wanted::Containing(id),
            _ => Wanted::Page(page.trim().parse::<u32>().ok().filter(|p| *p >= 1).unwrap_or(1)),
        }
    }
}

/// One page of threads, in reading order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThreadPage {
    /// The comments shown, each reply right after its parent.
    pub comments: Vec<Comment>,
    /// This page's number (1-based).
    pub page: u32,
    /// How many pages there are (at least 1).
    pub pages: u32,
}

/// Puts comments into threads: top-level comments by `sort`, each followed by its replies (oldest first, so a
/// conversation reads in order), depth first. Replies whose parent is missing are dropped. Linear after the
/// sort: each comment's replies are looked up once, so a hostile flood of comments costs no more than its size.
pub fn threads(mut comments: Vec<Comment>, sort: CommentSort) -> Vec<Vec<Comment>> {
    comments.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    let mut replies: HashMap<i64, Vec<usize>> = HashMap::new();
    let mut roots = vec![];
    for (i, c) in comments.iter().enumerate() {
        match c.parent_id {
            Some(p) => replies.entry(p).or_default().push(i),
            None => roots.push(i),
        }
    }
    if sort == CommentSort::Newest {
        roots.reverse();
    } else {
        // Stable: equal support keeps the oldest first.
        roots.sort_by_key(|&i| std::cmp::Reverse(comments[i].supports));
    }
    roots
        .into_iter()
        .map(|root| {
            let mut thread = vec![];
            let mut stack = vec![root];
            while let Some(i) = stack.pop() {
                thread.push(comments[i].clone());
                // Taken, not borrowed: a reply is visited once even if ids were ever to loop.
                if let Some(children) = replies.remove(&comments[i].id) {
                    stack.extend(children.into_iter().rev());
                }
            }
            thread
        })
        .collect()
}

/// The page of `threads` the reader wanted: a page number past the end shows the last page, a comment that is
/// not there shows the first.
pub fn page_of(threads: Vec<Vec<Comment>>, wanted: Wanted) -> ThreadPage {
    let pages = threads.len().div_ceil(THREADS_PER_PAGE).max(1);
    let index = match wanted {
        Wanted::Page(n) => (n as usize).clamp(1, pages) - 1,
        Wanted::Containing(id) => {
            threads.iter().position(|t| t.iter().any(|c| c.id == id)).map_or(0, |t| t / THREADS_PER_PAGE)
        }
    };
    let comments =
        threads.into_iter().skip(index * THREADS_PER_PAGE).take(THREADS_PER_PAGE).flatten().collect::<Vec<_>>();
    // Both fit: `pages` is at most the number of comments, which came from one query.
    ThreadPage {
        comments,
        page: u32::try_from(index + 1).unwrap_or(u32::MAX),
        pages: u32::try_from(pages).unwrap_or(u32::MAX),
    }
}

/// The most supported visible comments of one stance (the arguments' summary), at most `n`.
pub fn top_arguments(comments: &[Comment], alignment: Alignment, n: usize) -> Vec<Comment> {
    let mut found: Vec<&Comment> =
        comments.iter().filter(|c| c.alignment == alignment && c.state == CommentState::Visible).collect();
    found.sort_by(|a, b| b.supports.cmp(&a.supports).then(a.created_at.cmp(&b.created_at)));
    found.into_iter().take(n).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64, parent: Option<i64>, at: i64, supports: i64) -> Comment {
        Comment {
            id,
            parent_id: parent,
            depth: 0,
            author_id: None,
            author: None,
            alignment: Alignment::For,
            body: String::new(),
            body_html: String::new(),
            created_at: at,
            edited_at: None,
            state: CommentState::Visible,
            supports,
            supported_by_me: false,
        }
    }

    fn ids(v: Vec<Comment>) -> Vec<i64> {
        v.into_iter().map(|c| c.id).collect()
    }

    fn in_order(all: Vec<Comment>, sort: CommentSort) -> Vec<i64> {
        ids(threads(all, sort).into_iter().flatten().collect())
    }

    #[test]
    fn threads_keep_replies_under_their_parent() {
        let all = vec![
            comment(1, None, 10, 0),
            comment(2, None, 20, 5),
            comment(3, Some(1), 30, 9),
            comment(4, Some(3), 40, 0),
            comment(5, Some(1), 35, 0),
            comment(6, Some(99), 50, 0),
        ];
        assert_eq!(in_order(all.clone(), CommentSort::Newest), [2, 1, 3, 4, 5]);
        assert_eq!(in_order(all.clone(), CommentSort::Supported), [2, 1, 3, 4, 5]);
        let mut flat = all.clone();
        flat[0].supports = 7;
        assert_eq!(in_order(flat, CommentSort::Supported), [1, 3, 4, 5, 2]);
        assert_eq!(ids(top_arguments(&all, Alignment::For, 2)), [3, 2]);
    }

    #[test]
    fn pages_hold_whole_threads() {
        // 45 threads, newest first; thread 1 (the oldest) has a reply, so it is on page 3 with its reply.
        let mut all: Vec<Comment> = (1..=45).map(|i| comment(i, None, i * 10, 0)).collect();
        all.push(comment(100, Some(1), 1_000, 0));
        let t = || threads(all.clone(), CommentSort::Newest);
        let first = page_of(t(), Wanted::Page(1));
        assert_eq!((first.page, first.pages, first.comments.len()), (1, 3, 20));
        assert_eq!(first.comments[0].id, 45);
        let last = page_of(t(), Wanted::Page(3));
        assert_eq!(ids(last.comments), [5, 4, 3, 2, 1, 100]);
        assert_eq!(page_of(t(), Wanted::Page(u32::MAX)).page, 3);
        assert_eq!(page_of(t(), Wanted::Containing(100)).page, 3);
        assert_eq!(page_of(t(), Wanted::Containing(30)).page, 1);
        assert_eq!(page_of(t(), Wanted::Containing(7)).page, 2);
        assert_eq!(page_of(t(), Wanted::Containing(12_345)).page, 1);
        let none = page_of(vec![], Wanted::Page(2));
        assert_eq!((none.page, none.pages, none.comments.len()), (1, 1, 0));
    }

    #[test]
    fn page_numbers_from_the_query_are_bounded() {
        assert_eq!(Wanted::from_query("3", ""), Wanted::Page(3));
        for hostile in ["0", "-1", "18446744073709551616", "1e9", "NaN", "", "+"] {
            assert_eq!(Wanted::from_query(hostile, ""), Wanted::Page(1), "{hostile}");
        }
        assert_eq!(Wanted::from_query("2", "17"), Wanted::Containing(17));
        assert_eq!(Wanted::from_query("2", "-17"), Wanted::Page(2));
    }

    #[test]
    fn a_deep_chain_of_replies_stays_in_order() {
        // 20,000 replies, each to the previous one: no recursion to overflow, every reply once.
        let mut all = vec![comment(1, None, 0, 0)];
        all.extend((2..=20_000).map(|i| comment(i, Some(i - 1), i, 0)));
        let order = in_order(all, CommentSort::Supported);
        assert_eq!(order.len(), 20_000);
        assert!(order.windows(2).all(|w| w[0] + 1 == w[1]));
    }
}
