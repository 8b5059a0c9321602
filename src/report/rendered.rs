//! One file's rendered report, held in blocks.

use std::io::{self, Write};

/// The largest block. A file with 100,000 findings renders tens of megabytes: in one buffer
/// that doubles as it grows, the report would hold up to twice that, and copy it each time.
const BLOCK: usize = 1 << 20;

/// Rendered output in blocks of at most `BLOCK` bytes; a small report is one small block.
#[derive(Debug, Default)]
pub struct Rendered {
    blocks: Vec<Vec<u8>>,
}

impl Rendered {
    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(Vec::is_empty)
    }

    /// The output's length in bytes.
    pub fn len(&self) -> usize {
        self.blocks.iter().map(Vec::len).sum()
    }

    /// A writer for many small writes (serde_json writes token by token): they fill a buffer
    /// that goes to the blocks when full and when the writer is dropped.
    pub fn buffered(&mut self) -> io::BufWriter<&mut Rendered> {
        io::BufWriter::with_capacity(1 << 14, self)
    }

    /// Write every block to `out`.
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        self.blocks.iter().try_for_each(|b| out.write_all(b))
    }
}

impl Write for Rendered {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // serde_json writes token by token: most writes fit the last block.
        match self.blocks.last_mut() {
            Some(last) if last.len() + buf.len() <= BLOCK => {
                last.extend_from_slice(buf);
                Ok(buf.len())
            }
            _ => self.write_across(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Rendered {
    /// Fill the last block and start new ones.
    fn write_across(&mut self, mut buf: &[u8]) -> io::Result<usize> {
        let written = buf.len();
        while !buf.is_empty() {
            if self.blocks.last().is_none_or(|block| block.len() >= BLOCK) {
                // The first block grows as a Vec does; after it, the output is large.
                let capacity = if self.blocks.is_empty() { 0 } else { BLOCK };
                self.blocks.push(Vec::with_capacity(capacity));
            }
            let Some(last) = self.blocks.last_mut() else {
                break;
            };
            let take = (BLOCK - last.len()).min(buf.len());
            last.extend_from_slice(&buf[..take]);
            buf = &buf[take..];
        }
        Ok(written)
    }
}

impl From<String> for Rendered {
    fn from(text: String) -> Self {
        Rendered {
            blocks: vec![text.into_bytes()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_output_is_split_into_blocks_and_written_back_whole() {
        let line = "一、工作目标 20xx年\n".repeat(1000);
        let mut rendered = Rendered::default();
        for _ in 0..100 {
            rendered.write_all(line.as_bytes()).unwrap();
        }
        assert!(rendered.blocks.len() > 1);
        assert!(rendered.blocks.iter().all(|b| b.len() <= BLOCK));
        let mut out = Vec::new();
        rendered.write_to(&mut out).unwrap();
        assert_eq!(out, line.repeat(100).into_bytes());
    }

    #[test]
    fn empty_output_is_empty() {
        assert!(Rendered::default().is_empty());
        assert!(Rendered::from(String::new()).is_empty());
        assert!(!Rendered::from("x".to_owned()).is_empty());
    }
}
