//! Generates a matching pair of exports shaped like the real ones: an Intercom
//! companies export and a Salesforce accounts export (Data Loader style, API
//! names as headers, every value quoted).
//!
//! The data is seeded and reproducible. It carries the traps real orgs have:
//!
//! - `Intercom_Company_ID__c` holds `company_id` for about 80% of accounts; a
//!   few of those values were damaged on the way in (a trailing space, a
//!   spreadsheet's `.0`, two digits swapped), so they no longer match exactly;
//! - `Legacy_Customer_ID__c`, a half-filled legacy field, holds the same ids
//!   for accounts created before 2021 only;
//! - about 2% of accounts are duplicates that repeat another account's id;
//! - `ParentId` and `MasterRecordId` hold other accounts' Ids (lookalikes of
//!   `Id`), and `NumberOfEmployees` and `AnnualRevenue` are numbers of the
//!   same size as the ids;
//! - about 5% of companies have a blank `company_id`, and a few rows repeat.
//!
//! Usage (the bundled `data/` was made with the defaults):
//!
//!     cargo run --release --example generate -- --out data
//!     cargo run --release --example generate -- --out bench-data/1m --accounts 1000000 --companies 1100000 --extra-fields 28
//!
//! `--id-style` gives the company ids another shape than the default six-digit
//! numbers, as other workspaces have them: 24-hex ObjectIds, slugs, domains,
//! company names, 18-character Salesforce ids, or a mix of 9-digit numbers,
//! ObjectIds and slugs, as after a migration. The rest of the data is the
//! same for every style. `--rich-text` writes text as people do: names with
//! commas and accents, e-mail addresses, long descriptions with quotes and
//! line breaks.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use fieldmatch::internals::sfid;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Parser)]
struct Args {
    /// Directory to write companies.csv and accounts.csv into
    #[arg(long)]
    out: PathBuf,
    /// Salesforce accounts to write
    #[arg(long, default_value_t = 2400)]
    accounts: u64,
    /// Intercom companies to write
    #[arg(long, default_value_t = 2600)]
    companies: u64,
    /// Extra custom fields on the accounts (picklists, dates, numbers, text), for width
    #[arg(long, default_value_t = 0)]
    extra_fields: usize,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// The shape of the company ids
    #[arg(long, value_enum, default_value_t = IdStyle::Numbers)]
    id_style: IdStyle,
    /// Names with commas and accents, e-mails, long descriptions
    #[arg(long)]
    rich_text: bool,
}

/// The shapes company ids come in.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum IdStyle {
    /// Six-digit numbers a customer assigned (the default)
    Numbers,
    /// 9-digit numbers (60%), ObjectIds (25%) and slugs (15%)
    Mixed,
    /// 24-hex MongoDB ObjectIds
    Hex,
    /// Slugs of the name, such as `summit-bank-group-0`
    Slug,
    /// The company's domain, such as `acme.com`
    Domain,
    /// The company's name
    Name,
    /// 18-character Salesforce ids, from the org the workspace came from
    Sfid,
}

const WORDS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Aperture",
    "Oscorp",
    "Gringotts",
    "Monarch",
    "Nakatomi",
    "Pied",
    "Piper",
    "Blue",
    "Sun",
    "North",
    "Summit",
    "Apex",
    "Nimbus",
    "Quantum",
    "Vertex",
    "Harbor",
    "Maple",
    "Cedar",
    "Granite",
    "Silver",
    "Bright",
    "Swift",
    "Atlas",
    "Orbit",
    "Pixel",
    "Lumen",
    "Nova",
    "Zephyr",
    "Falcon",
    "Beacon",
    "Crescent",
    "Ember",
];
const NOUNS: &[&str] = &[
    "Labs",
    "Systems",
    "Analytics",
    "Robotics",
    "Foods",
    "Logistics",
    "Health",
    "Media",
    "Capital",
    "Software",
    "Energy",
    "Networks",
    "Studios",
    "Partners",
    "Works",
    "Dynamics",
    "Bio",
    "Cloud",
    "Payments",
    "Retail",
];
const SUFFIXES: &[&str] = &[
    "Inc.", "LLC", "Ltd", "GmbH", "Corp.", "", "", "", "S.A.", "Pty Ltd",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("San Francisco", "CA", "USA"),
    ("New York", "NY", "USA"),
    ("Austin", "TX", "USA"),
    ("Chicago", "IL", "USA"),
    ("Boston", "MA", "USA"),
    ("Dublin", "", "Ireland"),
    ("London", "", "United Kingdom"),
    ("Berlin", "", "Germany"),
    ("Paris", "", "France"),
    ("Sydney", "NSW", "Australia"),
    ("Toronto", "ON", "Canada"),
    ("São Paulo", "SP", "Brazil"),
    ("München", "BY", "Germany"),
];
const INDUSTRIES: &[&str] = &[
    "Technology",
    "Finance",
    "Healthcare",
    "Retail",
    "Manufacturing",
    "Education",
    "Media",
    "Consulting",
];
const TYPES: &[&str] = &[
    "Customer - Direct",
    "Customer - Channel",
    "Prospect",
    "Partner",
    "Other",
];
const PLANS: &[&str] = &["Starter", "Pro", "Premium", "Enterprise", "Free"];
const SOURCES: &[&str] = &[
    "Web",
    "Phone Inquiry",
    "Partner Referral",
    "Purchased List",
    "Other",
];
const TIERS: &[&str] = &["Gold", "Silver", "Bronze", "Platinum"];

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    fs::create_dir_all(&args.out)?;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let owners: Vec<String> = (0..8).map(|_| sf_id(&mut rng, "005")).collect();

    // Company i has id 100000 + 3i + (0..3): unique, numeric, customer-assigned.
    let company_id =
        |i: u64, rng: &mut ChaCha8Rng| (100_000 + 3 * i + rng.random_range(0..3)).to_string();

    let mut linked = Vec::with_capacity(args.accounts.min(args.companies) as usize);
    let mut company_rows: Vec<([String; 14], bool)> = Vec::with_capacity(args.companies as usize);
    // Other id styles and rich text draw from streams of their own, so that
    // the rest of the data stays the same.
    let mut styled = Styler::new(args.seed, args.id_style, args.rich_text);
    for i in 0..args.companies {
        let name = styled.name(company_name(&mut rng));
        let blank = rng.random_bool(0.05);
        let id = if blank {
            String::new()
        } else {
            styled.id(company_id(i, &mut rng), &name, i)
        };
        if i < args.accounts {
            linked.push((id.clone(), name.clone(), Some(i as usize)));
        }
        let stripe = format!("cus_{}", alnum(&mut rng, 14));
        let row = [
            name.clone(),
            id,
            excel_date(&mut rng),
            excel_date(&mut rng),
            rng.random_range(1..400u32).to_string(),
            rng.random_range(0..20_000u32).to_string(),
            pick(&mut rng, PLANS).to_string(),
            rng.random_range(0..5000u32).to_string(),
            rng.random_range(1..5000u32).to_string(),
            pick(&mut rng, INDUSTRIES).to_string(),
            styled.domain(&name),
            pick(&mut rng, &["Active", "Trial", "Churn risk", ""]).to_string(),
            pick(&mut rng, &["vip", "beta", "", ""]).to_string(),
            stripe,
        ];
        // About 1% of rows are exported twice.
        let twice = rng.random_bool(0.01);
        company_rows.push((row, twice));
    }

    let mut accounts = writer(&args.out, "accounts.csv")?;
    let mut header: Vec<String> = [
        "Id",
        "IsDeleted",
        "MasterRecordId",
        "Name",
        "Type",
        "ParentId",
        "BillingStreet",
        "BillingCity",
        "BillingState",
        "BillingPostalCode",
        "BillingCountry",
        "Phone",
        "Fax",
        "AccountNumber",
        "Website",
        "Sic",
        "Industry",
        "AnnualRevenue",
        "NumberOfEmployees",
        "Ownership",
        "TickerSymbol",
        "Description",
        "Rating",
        "OwnerId",
        "CreatedDate",
        "LastModifiedDate",
        "AccountSource",
        "DunsNumber",
        "Intercom_Company_ID__c",
        "Legacy_Customer_ID__c",
        "Stripe_Customer_ID__c",
        "Customer_Tier__c",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend((0..args.extra_fields).map(|k| format!("Custom_Field_{k}__c")));
    accounts.write_record(&header)?;

    let mut recent_ids: Vec<String> = Vec::new();
    let mut account_of: Vec<Option<Account>> = vec![None; company_rows.len()];
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for i in 0..args.accounts {
        // About 2% of accounts duplicate an earlier one, id and all.
        let (company, name, first) = if i > 0 && rng.random_bool(0.02) {
            let (id, name, _) = linked[rng.random_range(0..i) as usize].clone();
            (id, name, None)
        } else {
            linked.get(i as usize).cloned().unwrap_or_else(|| {
                let name = company_name(&mut rng);
                (String::new(), styled.name(name), None)
            })
        };
        let has_link = !company.is_empty() && rng.random_bool(0.82);
        let id = sf_id(&mut rng, "001");
        let year = rng.random_range(2014..2027u32);
        let (city, state, country) = CITIES[rng.random_range(0..CITIES.len())];
        let intercom_value = if !has_link {
            String::new()
        } else {
            match rng.random_range(0..100u32) {
                0 => format!("{company} "),
                1 => styled.respelled(&company),
                // A typo: two neighbouring characters swapped.
                2 => {
                    let mut chars: Vec<char> = company.chars().collect();
                    chars.swap(2, 3);
                    chars.into_iter().collect()
                }
                _ => company.clone(),
            }
        };
        row.clear();
        row.extend([
            id.clone(),
            "false".into(),
            if rng.random_bool(0.01) {
                pick_or(&mut rng, &recent_ids, &id)
            } else {
                String::new()
            },
            name.clone(),
            pick(&mut rng, TYPES).into(),
            if rng.random_bool(0.2) {
                pick_or(&mut rng, &recent_ids, &id)
            } else {
                String::new()
            },
            street(&mut rng),
            city.into(),
            state.into(),
            format!("{:05}", rng.random_range(501..99950u32)),
            country.into(),
            phone(&mut rng),
            if rng.random_bool(0.1) {
                phone(&mut rng)
            } else {
                String::new()
            },
            if rng.random_bool(0.6) {
                format!("A-{:06}", rng.random_range(0..1_000_000u32))
            } else {
                String::new()
            },
            if rng.random_bool(0.85) {
                website(&mut rng, &styled.domain(&name))
            } else {
                String::new()
            },
            if rng.random_bool(0.3) {
                rng.random_range(1000..9999u32).to_string()
            } else {
                String::new()
            },
            pick(&mut rng, INDUSTRIES).into(),
            revenue(&mut rng),
            rng.random_range(1..250_000u32).to_string(),
            pick(&mut rng, &["Public", "Private", "Subsidiary", ""]).into(),
            if rng.random_bool(0.05) {
                alpha_upper(&mut rng, 4)
            } else {
                String::new()
            },
            styled.description(description(&mut rng, &name), &name),
            pick(&mut rng, &["Hot", "Warm", "Cold", ""]).into(),
            owners[rng.random_range(0..owners.len())].clone(),
            sf_datetime(&mut rng, year),
            sf_datetime(&mut rng, 2025),
            pick(&mut rng, SOURCES).into(),
            if rng.random_bool(0.4) {
                format!("{:09}", rng.random_range(0..1_000_000_000u32))
            } else {
                String::new()
            },
            intercom_value,
            if has_link && year < 2021 {
                company.clone()
            } else {
                String::new()
            },
            if rng.random_bool(0.5) {
                format!("cus_{}", alnum(&mut rng, 14))
            } else {
                String::new()
            },
            pick(&mut rng, TIERS).into(),
        ]);
        for k in 0..args.extra_fields {
            let value = extra_value(&mut rng, k);
            row.push(styled.extra(value, k, &name));
        }
        accounts.write_record(&row)?;
        if let Some(c) = first {
            account_of[c] = Some(Account {
                industry: row[16].clone(),
                employees: row[18].clone(),
                created: row[24].clone(),
                stripe: row[30].clone(),
                tier: row[31].clone(),
            });
        }
        if recent_ids.len() < 500 {
            recent_ids.push(id);
        } else {
            let slot = rng.random_range(0..recent_ids.len());
            recent_ids[slot] = id;
        }
    }
    accounts.flush()?;

    // The companies' other attributes, as the sync (or people) left them on
    // the linked accounts: mostly the same, some stale, some blank, some
    // labelled otherwise. A second generator, so that the accounts and the
    // ids stay what they were.
    let mut noise = ChaCha8Rng::seed_from_u64(args.seed ^ 0xda7a);
    let mut companies = writer(&args.out, "companies.csv")?;
    companies.write_record(COMPANY_HEADER)?;
    for ((row, twice), account) in company_rows.iter_mut().zip(&account_of) {
        if let Some(a) = account {
            correspond(row, a, &mut noise);
        }
        companies.write_record(&*row)?;
        if *twice {
            companies.write_record(&*row)?;
        }
    }
    companies.flush()?;
    eprintln!(
        "wrote {} companies and {} accounts to {}",
        args.companies,
        args.accounts,
        args.out.display()
    );
    Ok(())
}

const COMPANY_HEADER: [&str; 14] = [
    "Company name",
    "Company ID",
    "Company last seen (PST)",
    "Company created at (PST)",
    "People",
    "Company web sessions",
    "Plan",
    "Monthly Spend",
    "Company size",
    "Company industry",
    "Company website",
    "Company Segment",
    "Company tag",
    "stripe_id",
];

/// What a company's first account holds of the attributes they share.
#[derive(Clone)]
struct Account {
    industry: String,
    employees: String,
    created: String,
    stripe: String,
    tier: String,
}

/// Sets a company's attributes from its account's, as a real org has them.
fn correspond(row: &mut [String; 14], a: &Account, rng: &mut ChaCha8Rng) {
    // Created at: the account's CreatedDate, in the workspace's Pacific time.
    if rng.random_bool(0.9)
        && let Ok(t) = chrono::DateTime::parse_from_rfc3339(&a.created)
    {
        let local = t.with_timezone(&chrono_tz::America::Los_Angeles);
        row[3] = local.format("%-m/%-d/%y %-H:%M").to_string();
    }
    // Plan: the account's tier, through the map the sales team uses.
    if rng.random_bool(0.92) {
        row[6] = match a.tier.as_str() {
            "Gold" => "Pro",
            "Platinum" => "Enterprise",
            "Silver" => "Premium",
            _ => "Starter",
        }
        .into();
    }
    // Size: the account's employees, some stale, some never set.
    row[8] = match rng.random_range(0..100u32) {
        0..75 => a.employees.clone(),
        75..90 => {
            let n: f64 = a.employees.parse().unwrap_or(10.0);
            ((n * rng.random_range(0.6..0.95)).round() as u64)
                .max(1)
                .to_string()
        }
        _ => String::new(),
    };
    // Industry: the account's, two of them labelled as Intercom's form has them.
    row[9] = match rng.random_range(0..100u32) {
        0..85 => match a.industry.as_str() {
            "Technology" => "Software".into(),
            "Finance" => "Financial Services".into(),
            other => other.into(),
        },
        85..95 => pick(rng, INDUSTRIES).into(),
        _ => String::new(),
    };
    // Stripe: the account's customer where it has one.
    row[13] = if !a.stripe.is_empty() {
        if rng.random_bool(0.9) {
            a.stripe.clone()
        } else {
            String::new()
        }
    } else if rng.random_bool(0.5) {
        row[13].clone()
    } else {
        String::new()
    };
}

/// Ids of another shape, and text as people write it, from streams of their
/// own: the default numbers and plain text draw nothing from them.
struct Styler {
    style: IdStyle,
    rich: bool,
    rng: ChaCha8Rng,
    /// How often each name was given, where names must be unique (ids made
    /// of them).
    seen: std::collections::HashMap<String, u32>,
}

/// Words with accents, for names as people write them.
const ACCENTED: &[&str] = &[
    "Zürich",
    "São",
    "Montréal",
    "Kraków",
    "Malmö",
    "Córdoba",
    "Nîmes",
    "Łódź",
    "Ærø",
    "Bøgh",
    "Crème",
    "Señor",
    "Ålborg",
    "Göteborg",
    "Dvořák",
];
const PEOPLE: &[&str] = &[
    "Smith",
    "Jones",
    "García",
    "Müller",
    "O'Brien",
    "Nguyen",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Andersson",
    "Tanaka",
    "Silva",
];

impl Styler {
    fn new(seed: u64, style: IdStyle, rich: bool) -> Styler {
        Styler {
            style,
            rich,
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x1d5_7e1e),
            seen: std::collections::HashMap::new(),
        }
    }

    /// `base`, written as people do if rich text is asked for, and made
    /// unique where ids are made of names.
    fn name(&mut self, base: String) -> String {
        let mut name = base;
        if self.rich {
            let rng = &mut self.rng;
            name = match rng.random_range(0..10u32) {
                0 | 1 => format!("{} {}", pick(rng, ACCENTED), name),
                2 => format!(
                    "{}, {} & {} {}",
                    pick(rng, PEOPLE),
                    pick(rng, PEOPLE),
                    pick(rng, NOUNS),
                    pick(rng, SUFFIXES)
                )
                .trim_end()
                .to_string(),
                3 => format!("{name} ({})", CITIES[rng.random_range(0..CITIES.len())].0),
                _ => name,
            };
        }
        if matches!(self.style, IdStyle::Name | IdStyle::Domain) {
            let n = self.seen.entry(name.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                name = format!("{name} {n}");
            }
        }
        name
    }

    /// Company `i`'s id in this style; `numeric` is its id as a number.
    fn id(&mut self, numeric: String, name: &str, i: u64) -> String {
        match self.style {
            IdStyle::Numbers => numeric,
            IdStyle::Hex => object_id(&mut self.rng, i),
            IdStyle::Slug => slug(name, i),
            IdStyle::Domain => self.domain(name),
            IdStyle::Name => name.to_string(),
            IdStyle::Sfid => {
                let id15 = format!("001{}{}", "8d", base62(i, 10));
                sfid::to_id18(id15.as_bytes()).expect("generated ids are valid")
            }
            IdStyle::Mixed => match self.rng.random_range(0..100u32) {
                0..60 => (100_000_000 + 3 * i + self.rng.random_range(0..3)).to_string(),
                60..85 => object_id(&mut self.rng, i),
                _ => slug(name, i),
            },
        }
    }

    /// The domain of the company named `name`: unique where ids are domains.
    fn domain(&self, name: &str) -> String {
        if self.style != IdStyle::Domain {
            return domain(name);
        }
        let stem: String = name
            .split_whitespace()
            .flat_map(|w| w.chars().filter(char::is_ascii_alphanumeric))
            .collect::<String>()
            .to_lowercase();
        let tld = match stem.len() % 7 {
            0 => "io",
            1 => "co.uk",
            2 => "de",
            _ => "com",
        };
        format!("{stem}.{tld}")
    }

    /// A company id as another system wrote it: the same id, told apart
    /// only by a fix.
    fn respelled(&self, id: &str) -> String {
        let hex = id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit());
        match self.style {
            _ if id.bytes().all(|b| b.is_ascii_digit()) => format!("{id}.0"),
            IdStyle::Sfid => id[..15].to_string(),
            IdStyle::Domain => format!("https://www.{id}/"),
            IdStyle::Name => id.to_uppercase(),
            _ if hex => id.to_uppercase(),
            _ => id.replace('-', "_"),
        }
    }

    /// An account's description, longer and with contacts if rich.
    fn description(&mut self, plain: String, name: &str) -> String {
        if !self.rich || self.rng.random_bool(0.3) {
            return plain;
        }
        let rng = &mut self.rng;
        let person = pick(rng, PEOPLE);
        format!(
            "{plain}{}Main contact: {person} <{}.{}@{}>, tel. {}.\n\
             Notes from the \"{}\" call, {}: asked about SSO, exports, and the API;\n\
             follow up at https://www.{}/pricing?ref=crm.",
            if plain.is_empty() { "" } else { "\n" },
            pick(rng, &["anna", "li", "josé", "kim", "omar", "eva"]),
            person.to_lowercase().replace('\'', ""),
            domain(name),
            phone(rng),
            pick(rng, ACCENTED),
            pick(rng, &["Q1", "Q2", "Q3", "Q4"]),
            domain(name),
        )
    }

    /// Custom field `k`'s value: its free text longer, if rich.
    fn extra(&mut self, plain: String, k: usize, name: &str) -> String {
        if !self.rich || k % 5 != 4 {
            return plain;
        }
        let rng = &mut self.rng;
        format!(
            "{plain}, from {} ({}) — billing: ap@{}, \"net 30\"",
            pick(rng, PEOPLE),
            pick(rng, ACCENTED),
            domain(name)
        )
    }
}

/// A MongoDB ObjectId: a creation second that grows with `i`, five random
/// bytes and a counter.
fn object_id(rng: &mut ChaCha8Rng, i: u64) -> String {
    format!(
        "{:08x}{:010x}{:06x}",
        1_500_000_000 + i * 37,
        rng.random_range(0..1u64 << 40),
        i & 0xff_ffff
    )
}

/// The slug of `name`, made unique by `i`: `summit-bank-group-0`.
fn slug(name: &str, i: u64) -> String {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    format!("{}-{i}", words.join("-"))
}

/// `n` in base 62, `width` digits.
fn base62(mut n: u64, width: usize) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = vec![b'0'; width];
    for slot in out.iter_mut().rev() {
        *slot = A[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out).expect("ASCII")
}

fn writer(dir: &std::path::Path, name: &str) -> std::io::Result<csv::Writer<BufWriter<File>>> {
    let file = BufWriter::with_capacity(1 << 20, File::create(dir.join(name))?);
    let style = if name.starts_with("accounts") {
        csv::QuoteStyle::Always
    } else {
        csv::QuoteStyle::Necessary
    };
    Ok(csv::WriterBuilder::new()
        .quote_style(style)
        .from_writer(file))
}

fn pick<'a>(rng: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

fn pick_or(rng: &mut ChaCha8Rng, items: &[String], fallback: &str) -> String {
    if items.is_empty() {
        fallback.to_string()
    } else {
        items[rng.random_range(0..items.len())].clone()
    }
}

fn alnum(rng: &mut ChaCha8Rng, n: usize) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..n)
        .map(|_| A[rng.random_range(0..A.len())] as char)
        .collect()
}

fn alpha_upper(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| (b'A' + rng.random_range(0..26u8)) as char)
        .collect()
}

/// A valid 18-character Salesforce id with the given key prefix.
fn sf_id(rng: &mut ChaCha8Rng, prefix: &str) -> String {
    let id15 = format!("{prefix}{}{}", "5g00000", alnum(rng, 5));
    sfid::to_id18(id15.as_bytes()).expect("generated ids are valid")
}

fn company_name(rng: &mut ChaCha8Rng) -> String {
    let name = format!("{} {}", pick(rng, WORDS), pick(rng, NOUNS));
    match pick(rng, SUFFIXES) {
        "" => name,
        s => format!("{name} {s}"),
    }
}

fn domain(name: &str) -> String {
    let stem: String = name
        .split_whitespace()
        .take(2)
        .flat_map(|w| w.chars().filter(char::is_ascii_alphanumeric))
        .collect::<String>()
        .to_lowercase();
    format!("{stem}.com")
}

fn website(rng: &mut ChaCha8Rng, d: &str) -> String {
    match rng.random_range(0..4u32) {
        0 => format!("https://www.{d}/"),
        1 => format!("http://{d}"),
        2 => format!("www.{d}"),
        _ => d.to_string(),
    }
}

fn street(rng: &mut ChaCha8Rng) -> String {
    let line = format!(
        "{} {} Street",
        rng.random_range(1..999u32),
        pick(rng, WORDS)
    );
    if rng.random_bool(0.15) {
        format!("{line}\nSuite {}", rng.random_range(100..999u32))
    } else {
        line
    }
}

fn phone(rng: &mut ChaCha8Rng) -> String {
    format!(
        "({}) 555-{:04}",
        rng.random_range(201..989u32),
        rng.random_range(0..10000u32)
    )
}

fn revenue(rng: &mut ChaCha8Rng) -> String {
    let r = rng.random_range(50_000..900_000_000u64);
    match rng.random_range(0..5u32) {
        0 => format!("{:.2E}", r as f64),
        1 => format!("{r}.0"),
        2 => String::new(),
        _ => r.to_string(),
    }
}

fn description(rng: &mut ChaCha8Rng, name: &str) -> String {
    match rng.random_range(0..4u32) {
        0 => String::new(),
        1 => format!("{name} buys through a reseller, \"Tier 2\" support."),
        2 => format!(
            "Renewal due Q{}.\nChampion left; ask for the \"new\" admin.\n",
            rng.random_range(1..5u32)
        ),
        _ => "Imported from legacy CRM".to_string(),
    }
}

fn sf_datetime(rng: &mut ChaCha8Rng, year: u32) -> String {
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
        rng.random_range(1..13u32),
        rng.random_range(1..29u32),
        rng.random_range(0..24u32),
        rng.random_range(0..60u32),
        rng.random_range(0..60u32)
    )
}

/// A date as Excel re-saves it: `1/19/18 1:16`.
fn excel_date(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{}/{}/{} {}:{:02}",
        rng.random_range(1..13u32),
        rng.random_range(1..29u32),
        rng.random_range(18..27u32),
        rng.random_range(0..24u32),
        rng.random_range(0..60u32)
    )
}

fn extra_value(rng: &mut ChaCha8Rng, k: usize) -> String {
    match k % 5 {
        0 => pick(rng, &["Yes", "No", ""]).into(),
        1 => sf_datetime(rng, 2020 + (k % 6) as u32),
        2 => rng.random_range(0..100_000u32).to_string(),
        3 => pick(rng, TIERS).into(),
        _ => format!("{} note {}", pick(rng, WORDS), rng.next_u32() % 1000),
    }
}
