//! The chain: entries, their hashes, appending and verifying.

use super::actions::is_public_action;
use super::queries;
use crate::db::Backend;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, FromRow};

/// The "previous hash" of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An action to record.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEntry {
    /// Who did it; `None` for the system.
    pub actor_id: Option<i64>,
    /// What (a code of [`super::actions::AUDIT_ACTIONS`]).
    pub action: &'static str,
    /// On what kind of thing (`comment`, `proposal`, `account`, `consultation`, `setting`).
    pub target_kind: &'static str,
    /// Which one.
    pub target_id: i64,
    /// Why, or what changed.
    pub reason: String,
}

impl NewEntry {
    /// An action by `actor` (`None`: the system, or the command line).
    pub fn by(
        actor: Option<&crate::ctx::CurrentUser>,
        action: &'static str,
        target_kind: &'static str,
        target_id: i64,
        reason: impl Into<String>,
    ) -> NewEntry {
        NewEntry { actor_id: actor.map(|a| a.id), action, target_kind, target_id, reason: reason.into() }
    }
}

/// A stored entry.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct Entry {
    /// Position, from 1.
    pub seq: i64,
    /// When (Unix seconds).
    pub at: i64,
    /// Who.
    pub actor_id: Option<i64>,
    /// What.
    pub action: String,
    /// On what kind.
    pub target_kind: String,
    /// Which.
    pub target_id: i64,
    /// Why.
    pub reason: String,
    /// 1 when the public may read it.
    pub public: i64,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// The hash of an entry's content chained to `prev_hash`.
#[allow(clippy::too_many_arguments)]
pub fn hash_of(
    prev_hash: &str,
    seq: i64,
    at: i64,
    actor_id: Option<i64>,
    action: &str,
    target_kind: &str,
    target_id: i64,
    reason: &str,
    public: bool,
) -> String {
    let actor = actor_id.map(|a| a.to_string()).unwrap_or_default();
    let fields = [
        prev_hash,
        &seq.to_string(),
        &at.to_string(),
        &actor,
        action,
        target_kind,
        &target_id.to_string(),
        reason,
        if public { "1" } else { "0" },
    ];
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
        hasher.update(b";");
    }
    hex::encode(hasher.finalize())
}

impl Entry {
    /// Recomputes this entry's hash from its content.
    pub fn computed_hash(&self) -> String {
        hash_of(
            &self.prev_hash,
            self.seq,
            self.at,
            self.actor_id,
            &self.action,
            &self.target_kind,
            self.target_id,
            &self.reason,
            self.public != 0,
        )
    }
}

/// The first broken link of a chain.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    /// An entry is missing or out of place.
    #[error("entry {found}: expected entry {expected} here (an entry was removed or inserted)")]
    Gap {
        /// The position expected.
        expected: i64,
        /// The one found.
        found: i64,
    },
    /// An entry does not point to the hash of the one before it.
    #[error("entry {seq}: its previous hash does not match entry {}'s hash", seq - 1)]
    Link {
        /// The entry.
        seq: i64,
    },
    /// An entry's content does not match its hash (it was changed).
    #[error("entry {seq}: its content does not match its hash (it was changed after it was written)")]
    Content {
        /// The entry.
        seq: i64,
    },
    /// The log ends before the published head: its last entries were removed.
    #[error("the log ends at entry {last}, before the published head (entry {head}): entries were removed")]
    Truncated {
        /// The published head's position.
        head: i64,
        /// The last entry found.
        last: i64,
    },
    /// The entry at the published head's position is not the one published: the log was rewritten there or
    /// before (with its hashes recomputed).
    #[error("entry {seq}: not the entry published as the head (the log was rewritten from there or before)")]
    NotTheHead {
        /// The position.
        seq: i64,
    },
}

/// A head of the chain as published (in a data-use bulletin, at `GET /api/v1/audit/head`): the position and
/// hash of the last entry then. A log checked against it cannot have lost, nor rewritten, anything up to there
/// — which the chain alone cannot tell, since a tail can be cut or rewritten with fresh hashes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    /// Position of the entry.
    pub seq: i64,
    /// Its hash (64 lowercase hexadecimal digits).
    pub hash: String,
}

impl Head {
    /// Reads `N:HASH`, as `clairvoie audit verify --head` takes it.
    pub fn parse(text: &str) -> Option<Head> {
        let (seq, hash) = text.trim().split_once(':')?;
        let seq = seq.parse::<i64>().ok().filter(|&n| n >= 1)?;
        let hash = hash.to_ascii_lowercase();
        (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(Head { seq, hash })
    }

    /// `N:HASH`.
    pub fn label(&self) -> String {
        format!("{}:{}", self.seq, self.hash)
    }
}

impl Broken {
    /// The entry where the chain breaks.
    pub fn seq(&self) -> i64 {
        match self {
            Broken::Gap { found, .. } => *found,
            Broken::Link { seq } | Broken::Content { seq } | Broken::NotTheHead { seq } => *seq,
            Broken::Truncated { last, .. } => last.saturating_add(1),
        }
    }
}

/// Checks entries in order, one page at a time.
#[derive(Clone, Debug)]
pub struct Verifier {
    next_seq: i64,
    prev_hash: String,
    /// Entries checked so far.
    pub checked: u64,
    /// A published head the log must reach and agree with.
    head: Option<Head>,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier { next_seq: 1, prev_hash: GENESIS.to_string(), checked: 0, head: None }
    }
}

impl Verifier {
    /// A verifier that also checks the log against a published head.
    pub fn against(head: Option<Head>) -> Verifier {
        Verifier { head, ..Verifier::default() }
    }

    /// After the last entry: whether the log reached the published head.
    pub fn finish(&self) -> Result<(), Broken> {
        match &self.head {
            Some(head) if self.next_seq - 1 < head.seq => {
                Err(Broken::Truncated { head: head.seq, last: self.next_seq - 1 })
            }
            _ => Ok(()),
        }
    }

    /// Checks the next entry.
    pub fn check(&mut self, entry: &Entry) -> Result<(), Broken> {
        if entry.seq != self.next_seq {
            return Err(Broken::Gap { expected: self.next_seq, found: entry.seq });
        }
        if entry.prev_hash != self.prev_hash {
            return Err(Broken::Link { seq: entry.seq });
        }
        if entry.computed_hash() != entry.hash {
            return Err(Broken::Content { seq: entry.seq });
        }
        if self.head.as_ref().is_some_and(|h| h.seq == entry.seq && h.hash != entry.hash) {
            return Err(Broken::NotTheHead { seq: entry.seq });
        }
        self.next_seq += 1;
        self.prev_hash = entry.hash.clone();
        self.checked += 1;
        Ok(())
    }

    /// The hash the next entry must point to.
    pub fn head(&self) -> &str {
        &self.prev_hash
    }
}

/// Appends `entry` inside the caller's transaction; returns its position.
pub async fn append(
    conn: &mut AnyConnection,
    backend: Backend,
    entry: &NewEntry,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (seq, prev) = match queries::lock_and_read_last(conn, backend).await? {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let public = is_public_action(entry.action);
    let hash = hash_of(
        &prev,
        seq,
        now,
        entry.actor_id,
        entry.action,
        entry.target_kind,
        entry.target_id,
        &entry.reason,
        public,
    );
    queries::insert(conn, seq, now, entry, public, &prev, &hash).await?;
    Ok(seq)
}

pub use super::queries::{head, newest, page};

/// What `verify` found.
#[derive(Debug)]
pub struct Report {
    /// Entries checked before the end or the first break.
    pub checked: u64,
    /// The first broken link, if any.
    pub broken: Option<Broken>,
}

/// Recomputes the whole chain, a thousand entries at a time, and checks it against a published head if given.
pub async fn verify(db: &crate::db::Db, published: Option<Head>) -> Result<Report, sqlx::Error> {
    let mut verifier = Verifier::against(published);
    let mut after = 0;
    loop {
        let entries = page(db, after, 1_000).await?;
        let Some(last) = entries.last() else { break };
        after = last.seq;
        for entry in &entries {
            if let Err(broken) = verifier.check(entry) {
                return Ok(Report { checked: verifier.checked, broken: Some(broken) });
            }
        }
    }
    Ok(Report { checked: verifier.checked, broken: verifier.finish().err() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Entry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let reason = format!("raison {seq}");
                let hash = hash_of(&prev, seq, 1_000 + seq, Some(2), "hide", "comment", seq * 10, &reason, true);
                let e = Entry {
                    seq,
                    at: 1_000 + seq,
                    actor_id: Some(2),
                    action: "hide".into(),
                    target_kind: "comment".into(),
                    target_id: seq * 10,
                    reason,
                    public: 1,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    fn verify_all(entries: &[Entry]) -> Result<u64, Broken> {
        verify_against(entries, None)
    }

    fn verify_against(entries: &[Entry], head: Option<Head>) -> Result<u64, Broken> {
        let mut v = Verifier::against(head);
        for e in entries {
            v.check(e)?;
        }
        v.finish()?;
        Ok(v.checked)
    }

    /// The review's finding: a log whose last entries were deleted, or whose tail was rewritten with recomputed
    /// hashes, verified. Against a published head neither does.
    #[test]
    fn a_cut_or_rewritten_tail_fails_against_the_published_head() {
        let entries = chain(5);
        let head = Head { seq: 4, hash: entries[3].hash.clone() };
        assert_eq!(verify_against(&entries, Some(head.clone())), Ok(5));
        // Cut: the last two entries removed. The chain alone says nothing.
        assert_eq!(verify_all(&entries[..3]), Ok(3));
        assert_eq!(verify_against(&entries[..3], Some(head.clone())), Err(Broken::Truncated { head: 4, last: 3 }));
        // Rewritten from entry 3 on, every hash recomputed: intact as a chain, not the published one.
        let mut rewritten = entries[..2].to_vec();
        let mut prev = rewritten[1].hash.clone();
        for seq in 3..=5 {
            let hash = hash_of(&prev, seq, 1_000 + seq, Some(9), "hide", "comment", 1, "réécrit", true);
            rewritten.push(Entry {
                seq,
                at: 1_000 + seq,
                actor_id: Some(9),
                action: "hide".into(),
                target_kind: "comment".into(),
                target_id: 1,
                reason: "réécrit".into(),
                public: 1,
                prev_hash: prev.clone(),
                hash: hash.clone(),
            });
            prev = hash;
        }
        assert_eq!(verify_all(&rewritten), Ok(5));
        assert_eq!(verify_against(&rewritten, Some(head.clone())), Err(Broken::NotTheHead { seq: 4 }));
        assert_eq!(Head::parse(&head.label()), Some(head));
        assert_eq!(Head::parse("0:abc"), None);
        assert_eq!(Head::parse("4"), None);
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify_all(&chain(5)), Ok(5));
        assert_eq!(verify_all(&[]), Ok(0));
    }

    #[test]
    fn a_changed_entry_is_found() {
        let mut entries = chain(5);
        entries[2].reason = "autre raison".into();
        assert_eq!(verify_all(&entries), Err(Broken::Content { seq: 3 }));
        let mut entries = chain(5);
        entries[1].actor_id = None;
        assert_eq!(verify_all(&entries), Err(Broken::Content { seq: 2 }));
    }

    #[test]
    fn a_rehashed_entry_breaks_the_next_link() {
        // Whoever changes an entry and recomputes its hash still breaks the link of the entry after it.
        let mut entries = chain(5);
        entries[2].reason = "autre".into();
        entries[2].hash = entries[2].computed_hash();
        assert_eq!(verify_all(&entries), Err(Broken::Link { seq: 4 }));
    }

    #[test]
    fn removed_or_reordered_entries_are_found() {
        let mut entries = chain(5);
        entries.remove(3);
        assert_eq!(verify_all(&entries), Err(Broken::Gap { expected: 4, found: 5 }));
        let mut entries = chain(3);
        entries.swap(0, 1);
        assert_eq!(verify_all(&entries), Err(Broken::Gap { expected: 1, found: 2 }));
    }

    #[test]
    fn field_boundaries_cannot_be_shifted() {
        // "ab" + "c" and "a" + "bc" must not hash alike.
        let a = hash_of(GENESIS, 1, 1, None, "ab", "c", 1, "", false);
        let b = hash_of(GENESIS, 1, 1, None, "a", "bc", 1, "", false);
        assert_ne!(a, b);
    }
}
