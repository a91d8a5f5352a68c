//! The floor for reading an export: parse every field of a CSV file with
//! `csv::ByteRecord` on one thread and do nothing else. The benchmark script
//! compares fieldmatch with this.
//!
//!     cargo run --release --example baseline -- bench-data/1m/accounts.csv

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).ok_or("usage: baseline FILE")?;
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_path(&path)?;
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut bytes) = (0u64, 0u64);
    while csv.read_byte_record(&mut record)? {
        rows += 1;
        bytes += record.iter().map(|f| f.len() as u64).sum::<u64>();
    }
    println!("{rows} rows, {bytes} bytes of fields");
    Ok(())
}
