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

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

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
