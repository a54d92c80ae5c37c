//! Catalogue patterns searched anchored at token starts.
//!
//! Every catalogue pattern is wrapped as `(?:^| )(?:body)(?: |$)`, so a match
//! starts at the start of the text or at a space. An unanchored search (what
//! `regex::bytes::Regex::find_iter` runs) follows every attempt that has
//! begun so far at once, and with counted gaps, time expressions and word
//! classes its lazy DFA needs a state for every combination of attempts: the
//! states kept growing with the variety of replies (docs/matcher.md, memory).
//! Searching anchored at each candidate start follows one attempt, so the
//! DFA stays near the size of the pattern, and the start of a match is known
//! without a reverse DFA. The matches are the same: the leftmost-first match
//! of an unanchored search is the anchored match at the first start that has
//! one, with the same end.

use std::sync::Mutex;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures, pikevm::PikeVM};
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, Input};

/// Bytes at which a search may start: `text[b]` when `b` is the first byte
/// of the text, `space[b]` when `b` follows a space that may begin a match.
#[derive(Debug, Clone)]
struct FirstBytes {
    /// Whether a match may start at a space at all (else only at 0).
    on_tokens: bool,
    text: [bool; 256],
    space: [bool; 256],
}

/// Lazy DFA cache per pattern. With anchored searches the largest caches
/// on the dev sets were 0.5-0.9 MiB; 1 MiB was as fast as 8 MiB there
/// (768 KiB made the largest one clear and rebuild its states: Dutch
/// `detect` +35% CPU), and it bounds what new replies can add per pattern
/// (one pattern reached 7.2 MiB on other replies with 8 MiB).
const CACHE: usize = 1 << 20;

/// The most a pattern may get when its automaton needs more than [`CACHE`]
/// for its minimum (none does today).
const MAX_CACHE: usize = 8 << 20;

/// A wrapped catalogue pattern, compiled for anchored forward searches.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    dfa: DFA,
    first: FirstBytes,
}

impl Pattern {
    /// `body` on whole tokens: `(?:^| )(?:body)(?: |$)`.
    pub(crate) fn on_tokens(body: &str) -> Option<Pattern> {
        Pattern::new(&format!("(?:^| )(?:{body})(?: |$)"), true)
    }

    /// `body` at the start of the text only: `^(?:body)`.
    pub(crate) fn at_start(body: &str) -> Option<Pattern> {
        Pattern::new(&format!("^(?:{body})"), false)
    }

    /// Compiles `full` with the settings `regex` used for the catalogue:
    /// bytes (no Unicode classes, no UTF-8 requirement) and a 16 MiB NFA
    /// limit, and a lazy DFA cache of [`CACHE`] (or the least above it the
    /// pattern needs). A full cache is cleared and its states rebuilt as
    /// needed; the search never gives up, as no limit on clears is set.
    fn new(full: &str, on_tokens: bool) -> Option<Pattern> {
        let nfa = thompson::Compiler::new()
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .configure(
                thompson::Config::new()
                    .utf8(false)
                    .nfa_size_limit(Some(1 << 24))
                    .which_captures(WhichCaptures::Implicit),
            )
            .build(full)
            .ok()?;
        let mut capacity = CACHE;
        let dfa = loop {
            match DFA::builder()
                .configure(DFA::config().cache_capacity(capacity))
                .build_from_nfa(nfa.clone())
            {
                Ok(dfa) => break dfa,
                Err(_) if capacity < MAX_CACHE => capacity *= 2,
                Err(_) => return None,
            }
        };
        let first = first_bytes(&dfa, on_tokens)?;
        Some(Pattern { dfa, first })
    }

    /// A search cache for this pattern (one per thread at a time).
    pub(crate) fn create_cache(&self) -> Cache {
        self.dfa.create_cache()
    }

    /// The successive non-overlapping matches in `hay`, as `regex`'s
    /// `find_iter` gives them: leftmost-first, each search from the end of
    /// the previous match, an empty match right at that end skipped.
    pub(crate) fn find_iter<'a, 'c>(
        &'a self,
        cache: &'c mut Cache,
        hay: &'a [u8],
    ) -> Matches<'a, 'c> {
        Matches {
            pattern: self,
            cache,
            hay,
            at: 0,
            last_end: None,
        }
    }

    /// Whether a search anchored at `p` can match, judged by the next byte.
    fn may_start(&self, hay: &[u8], p: usize) -> bool {
        if p == 0 {
            return hay.first().is_none_or(|&b| self.first.text[usize::from(b)]);
        }
        if !self.first.on_tokens || hay[p] != b' ' {
            return false;
        }
        hay.get(p + 1)
            .is_none_or(|&b| self.first.space[usize::from(b)])
    }

    /// Whether `hay` has a match (`regex`'s `is_match`).
    pub(crate) fn is_match(&self, cache: &mut Cache, hay: &[u8]) -> bool {
        self.find_iter(cache, hay).next().is_some()
    }

    /// The end of the match anchored at `p`, if any.
    fn end_at(&self, cache: &mut Cache, hay: &[u8], p: usize) -> Option<usize> {
        let input = Input::new(hay).range(p..).anchored(Anchored::Yes);
        match self.dfa.try_search_fwd(cache, &input) {
            Ok(m) => m.map(|h| h.offset()),
            // The lazy DFA gives up only on quit bytes or too many cache
            // clears, neither of which is configured; should it happen, the
            // PikeVM over the same NFA gives the same answer, slowly.
            Err(_) => {
                let vm = PikeVM::new_from_nfa(self.dfa.get_nfa().clone()).ok()?;
                vm.find(&mut vm.create_cache(), input).map(|m| m.end())
            }
        }
    }
}

/// Iterator of `(start, end)` byte ranges; see [`Pattern::find_iter`].
pub(crate) struct Matches<'a, 'c> {
    pattern: &'a Pattern,
    cache: &'c mut Cache,
    hay: &'a [u8],
    at: usize,
    last_end: Option<usize>,
}

impl Iterator for Matches<'_, '_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let hay = self.hay;
        // A match starts at 0 or at a space; the empty text has only 0.
        let last = hay.len().saturating_sub(1);
        let mut p = self.at;
        while p <= last {
            if self.pattern.may_start(hay, p)
                && let Some(end) = self.pattern.end_at(self.cache, hay, p)
                && !(end == p && self.last_end == Some(end))
            {
                self.at = if end == p { end + 1 } else { end };
                self.last_end = Some(end);
                return Some((p, end));
            }
            p += 1;
        }
        self.at = hay.len() + 1;
        None
    }
}

/// The bytes after which an anchored search is not dead at once. Computed
/// with a throwaway cache so the search caches start empty; the look-behind
/// of a space start (word byte, other byte, line end) only matters for
/// look-around, and every kind is taken into account.
fn first_bytes(dfa: &DFA, on_tokens: bool) -> Option<FirstBytes> {
    let mut cache = dfa.create_cache();
    let mut first = FirstBytes {
        on_tokens,
        text: [false; 256],
        space: [false; 256],
    };
    let config = start::Config::new().anchored(Anchored::Yes);
    let at_text = dfa
        .start_state(&mut cache, &config.clone().look_behind(None))
        .ok()?;
    for b in 0..=255u8 {
        let s = dfa.next_state(&mut cache, at_text, b).ok()?;
        first.text[usize::from(b)] = !s.is_dead();
    }
    // A pattern at the start of the text is never tried at a space.
    let behinds: &[u8] = if on_tokens {
        &[b'a', b'.', b'\n', b'\r', b' ', 0x80]
    } else {
        &[]
    };
    for &behind in behinds {
        let s0 = dfa
            .start_state(&mut cache, &config.clone().look_behind(Some(behind)))
            .ok()?;
        let s1 = dfa.next_state(&mut cache, s0, b' ').ok()?;
        if s1.is_dead() {
            continue;
        }
        for b in 0..=255u8 {
            let s = dfa.next_state(&mut cache, s1, b).ok()?;
            first.space[usize::from(b)] |= !s.is_dead();
        }
    }
    Some(first)
}

/// Search caches for a list of patterns, shared by the threads that use one
/// matcher: a search takes a set (or makes one) and gives it back.
pub(crate) struct CachePool<T>(Mutex<Vec<T>>);

impl<T> Default for CachePool<T> {
    fn default() -> Self {
        CachePool(Mutex::new(Vec::new()))
    }
}

impl<T> CachePool<T> {
    pub(crate) fn take(&self, make: impl FnOnce() -> T) -> T {
        let spare = self.0.lock().unwrap_or_else(|e| e.into_inner()).pop();
        spare.unwrap_or_else(make)
    }

    /// `size` summed over the sets in the pool, per position.
    pub(crate) fn memory_usage(&self, size: impl Fn(&T) -> Vec<usize>) -> Vec<usize> {
        let sets = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut sizes = Vec::new();
        for set in sets.iter().map(size) {
            sizes.resize(sizes.len().max(set.len()), 0);
            for (total, s) in sizes.iter_mut().zip(set) {
                *total += s;
            }
        }
        sizes
    }

    pub(crate) fn give(&self, caches: T) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(caches);
    }
}

/// A copy of a matcher starts with its own, empty caches.
impl<T> Clone for CachePool<T> {
    fn clone(&self) -> CachePool<T> {
        CachePool::default()
    }
}

impl<T> std::fmt::Debug for CachePool<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CachePool")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (start, end) of `regex`'s unanchored `find_iter` over the same
    /// wrapped pattern.
    fn unanchored(body: &str, hay: &str) -> Vec<(usize, usize)> {
        let re = regex::bytes::RegexBuilder::new(&format!("(?:^| )(?:{body})(?: |$)"))
            .unicode(false)
            .build()
            .expect("test pattern compiles");
        re.find_iter(hay.as_bytes())
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    fn anchored(body: &str, hay: &str) -> Vec<(usize, usize)> {
        let p = Pattern::on_tokens(body).expect("test pattern compiles");
        let mut cache = p.create_cache();
        p.find_iter(&mut cache, hay.as_bytes()).collect()
    }

    #[test]
    fn anchored_searches_find_the_same_matches_as_one_unanchored_search() {
        let cases = [
            ("kan ik", "ja kan ik u helpen kan ik"),
            (
                "ik(?: (?:[^ ]{2,}|[^ .,!?;:])){0,3} morgen",
                "ik kom ik kom morgen, ik morgen",
            ),
            ("a|a b|b", "a b b a"),
            ("x?", ""),
            ("x?", "x  y"),
            ("\\w*collega\\w*", "mijn collegaatje en oudcollega's"),
            ("(?:^|[.,!?;:] )zeker", "zeker. zeker, zeker zeker"),
            ("\\bdan\\b", "dan. dan,dan dan"),
            ("€ ?\\d+", " € 5 en €7 "),
        ];
        for (body, hay) in cases {
            assert_eq!(
                anchored(body, hay),
                unanchored(body, hay),
                "{body:?} in {hay:?}"
            );
        }
    }

    #[test]
    fn a_pattern_at_the_start_matches_only_at_the_start_of_the_text() {
        let p = Pattern::at_start("balen|dat").expect("test pattern compiles");
        let mut cache = p.create_cache();
        assert!(p.is_match(&mut cache, b"balen dat"));
        assert!(!p.is_match(&mut cache, b"wat balen"));
        assert!(!p.is_match(&mut cache, b"ik balen "));
    }

    #[test]
    fn threads_sharing_one_matcher_get_the_answers_of_one_thread() {
        use super::super::{Language, Matcher};
        let matcher = Matcher::new();
        let replies = [
            "Dus als ik u goed begrijp: de monteur komt morgen om 10 uur, klopt dat?",
            "Excuses voor het ongemak, ik regel het vandaag nog voor u",
            "Wat is uw postcode en huisnummer?",
        ];
        let alone: Vec<Vec<String>> = replies
            .iter()
            .map(|r| matcher.detect(r).behaviours)
            .collect();
        assert!(alone.iter().all(|b| !b.is_empty()));
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        (0..50)
                            .map(|_| {
                                let english = matcher.detect_in(
                                    Language::En,
                                    "sorry, I'll fix it today",
                                    &[],
                                );
                                assert!(!english.behaviours.is_empty());
                                replies
                                    .iter()
                                    .map(|r| matcher.detect(r).behaviours)
                                    .collect::<Vec<_>>()
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for handle in handles {
                let rounds = handle.join().expect("a detecting thread does not panic");
                assert!(rounds.iter().all(|r| *r == alone));
            }
        });
    }
}
