//! Exact decimal evaluation of the calculations that dialogue files state,
//! e.g. `20 * 395 * (1 - 0.10) * 1.21`. Floats are never used for money.

use rust_decimal::Decimal;

/// Why a calculation cannot be evaluated (Dutch: teachers read it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalcError {
    #[error("onverwacht teken '{0}' (gebruik alleen getallen, + - * / en haakjes)")]
    UnexpectedChar(char),
    #[error("de berekening is onvolledig")]
    Incomplete,
    #[error("delen door nul")]
    DivisionByZero,
    #[error("het getal is te groot")]
    Overflow,
    #[error("te veel haakjes in elkaar")]
    TooDeep,
}

/// Evaluates `expr` exactly. Accepts decimal points and decimal commas
/// (`0,9` = `0.9`), `+ - * /`, unary minus and parentheses.
pub fn evaluate(expr: &str) -> Result<Decimal, CalcError> {
    let mut p = Parser {
        chars: expr.chars().filter(|c| !c.is_whitespace()).collect(),
        pos: 0,
        depth: 0,
    };
    let value = p.sum()?;
    match p.peek() {
        None => Ok(value),
        Some(c) => Err(CalcError::UnexpectedChar(c)),
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn sum(&mut self) -> Result<Decimal, CalcError> {
        let mut acc = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek() {
            self.pos += 1;
            let rhs = self.product()?;
            acc = if op == '+' {
                acc.checked_add(rhs)
            } else {
                acc.checked_sub(rhs)
            }
            .ok_or(CalcError::Overflow)?;
        }
        Ok(acc)
    }

    fn product(&mut self) -> Result<Decimal, CalcError> {
        let mut acc = self.atom()?;
        while let Some(op @ ('*' | '/' | '×')) = self.peek() {
            self.pos += 1;
            let rhs = self.atom()?;
            acc = if op == '/' {
                if rhs.is_zero() {
                    return Err(CalcError::DivisionByZero);
                }
                acc.checked_div(rhs)
            } else {
                acc.checked_mul(rhs)
            }
            .ok_or(CalcError::Overflow)?;
        }
        Ok(acc)
    }

    fn atom(&mut self) -> Result<Decimal, CalcError> {
        match self.peek() {
            None => Err(CalcError::Incomplete),
            Some('-') => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(CalcError::TooDeep);
                }
                self.pos += 1;
                let v = -self.atom()?;
                self.depth -= 1;
                Ok(v)
            }
            Some('(') => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(CalcError::TooDeep);
                }
                self.pos += 1;
                let v = self.sum()?;
                if self.peek() != Some(')') {
                    return Err(CalcError::Incomplete);
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(v)
            }
            Some(c) if c.is_ascii_digit() => {
                let start = self.pos;
                while matches!(self.peek(), Some(c) if c.is_ascii_digit() || c == '.' || c == ',') {
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos]
                    .iter()
                    .map(|c| if *c == ',' { '.' } else { *c })
                    .collect();
                text.parse::<Decimal>().map_err(|_| CalcError::Overflow)
            }
            Some(c) => Err(CalcError::UnexpectedChar(c)),
        }
    }
}

/// A number written in digits in a text, as [`stated_numbers`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// As written, e.g. "19.223,25".
    pub text: String,
    /// Every plausible reading: "1.210" is 1210 in Dutch and 1.21 in English.
    pub readings: Vec<Decimal>,
    /// Written as a percentage: "12,5%", "12,5 procent", "12.5 percent".
    pub percent: bool,
}

/// The numbers a text states in digits, read the way the matcher reads a
/// reply's amounts. The checker uses it to find a hint that already gives
/// away the result a step asks the student to calculate.
pub fn stated_numbers(text: &str) -> Vec<Stated> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let glued_to_word = i > 0 && chars[i - 1].is_alphanumeric();
        if !chars[i].is_ascii_digit() || glued_to_word {
            i += 1;
            continue;
        }
        let start = i;
        // A separator belongs to the number only between digits ("1.200."
        // ends a sentence after 1.200).
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (matches!(chars[i], '.' | ',')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        if chars.get(i).is_some_and(|c| c.is_alphabetic() || *c == '-') {
            // A code or a compound ("P4-K2", "3D-ontwerp", "24-uurs"), not an amount.
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            continue;
        }
        let number: String = chars[start..i].iter().collect();
        let rest: String = chars[i..].iter().collect();
        let rest = rest.trim_start().to_lowercase();
        let percent = rest.starts_with('%')
            || ["procent", "percent", "pct"]
                .iter()
                .any(|w| rest.starts_with(w));
        out.push(Stated {
            readings: super::numbers::readings(&number),
            text: number,
            percent,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn stated_numbers_are_read_like_amounts_in_a_reply() {
        let found =
            stated_numbers("12 kg × € 18,50 = € 222, dus 9% btw. Totaal 1.200. P4-K2 en 24-uurs.");
        let texts: Vec<(&str, bool)> = found.iter().map(|s| (s.text.as_str(), s.percent)).collect();
        assert_eq!(
            texts,
            [
                ("12", false),
                ("18,50", false),
                ("222", false),
                ("9", true),
                ("1.200", false)
            ]
        );
        assert!(
            found[1]
                .readings
                .contains(&Decimal::from_str("18.5").unwrap())
        );
        assert!(found[4].readings.contains(&Decimal::from(1200)));
        assert!(stated_numbers("12,5 procent")[0].percent);
    }

    #[test]
    fn a_discounted_price_with_vat_is_exact() {
        let v = evaluate("20 * 395 * (1 - 0,10) * 1.21").unwrap();
        assert_eq!(v, Decimal::from_str("8603.1").unwrap());
    }

    #[test]
    fn broken_calculations_are_errors_not_panics() {
        assert!(evaluate("").is_err());
        assert!(evaluate("1 +").is_err());
        assert!(evaluate("2 / 0").is_err());
        assert!(evaluate("(((1)").is_err());
        assert!(evaluate("abc").is_err());
        assert!(evaluate(&"(".repeat(10_000)).is_err());
        assert!(evaluate(&"-".repeat(10_000)).is_err());
    }
}
