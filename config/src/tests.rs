use super::*;

#[test]
fn default_yaml_sets_every_field_of_the_schema_in_order() {
    let config: Config = serde_yaml::from_str(DEFAULT_YAML).expect("configs/default.yaml sets every field");
    config.validate().expect("the default configuration is valid");
    assert_eq!(Config::from_yaml_str(DEFAULT_YAML).unwrap(), Config::default());
    let value = serde_yaml::to_value(&config).unwrap();
    let keys: Vec<&str> = value.as_mapping().unwrap().keys().filter_map(|k| k.as_str()).collect();
    let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
    assert_eq!(keys, names, "Config's members and the rows of FIELDS differ");
    let yaml: serde_yaml::Mapping = serde_yaml::from_str(DEFAULT_YAML).unwrap();
    let yaml_keys: Vec<&str> = yaml.keys().filter_map(|k| k.as_str()).collect();
    assert_eq!(yaml_keys, names, "configs/default.yaml lists the fields in schema order");
}

#[test]
fn names_of_the_enums_are_their_spellings() {
    for a in Architecture::ALL {
        assert_eq!(Config::from_yaml_str(&format!("architecture: {}\n", a.name())).unwrap().architecture, a);
    }
    for s in SBoxStyle::ALL {
        assert_eq!(Config::from_yaml_str(&format!("sbox: {}\n", s.name())).unwrap().sbox, s);
    }
}

#[test]
fn shipped_configs_parse_and_validate() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../configs");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
            Config::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            seen += 1;
        }
    }
    assert!(seen >= 4, "expected at least default, small, wide, iterative-k2; found {seen}");
}

#[test]
fn empty_document_is_default() {
    assert_eq!(Config::from_yaml_str("").unwrap(), Config::default());
    assert_eq!(Config::from_yaml_str("# nothing\n").unwrap(), Config::default());
}

#[test]
fn missing_fields_take_defaults() {
    let c = Config::from_yaml_str("lanes: 2\nbus_bits: 256\n").unwrap();
    assert_eq!(c.lanes, 2);
    assert_eq!(c.bus_bits, 256);
    assert_eq!(c.key_slots, 4);
    assert_eq!(c.architecture, Architecture::Unrolled);
}

fn error_of(yaml: &str) -> String {
    Config::from_yaml_str(yaml).unwrap_err().to_string()
}

#[test]
fn unknown_field_is_named_with_known_fields() {
    let e = error_of("lanse: 2\n");
    assert!(e.contains("lanse"), "{e}");
    for field in FIELDS {
        assert!(e.contains(field.name), "{e} lacks {}", field.name);
    }
}

#[test]
fn bad_values_name_field_and_allowed_values() {
    let cases: &[(&str, &str, &str)] = &[
        ("architecture: pipelined", "architecture", "unrolled, iterative"),
        ("interleave: 5\narchitecture: iterative", "interleave", "1, 2, 3"),
        ("interleave: 2", "interleave", "1, 2, 3"),
        ("lanes: 3", "lanes", "1, 2, 4, 8"),
        ("lanes: 2", "lanes", "lanes * 128 <= bus_bits"),
        ("lanes: 8\nbus_bits: 512", "lanes", "lanes * 128 <= bus_bits"),
        ("bus_bits: 64", "bus_bits", "128, 256, 512"),
        ("max_burst: 12", "max_burst", "power of two"),
        ("max_burst: 512", "max_burst", "power of two"),
        ("max_burst: 0", "max_burst", "power of two"),
        ("key_sizes: []", "key_sizes", "128, 192, 256"),
        ("key_sizes: [128, 160]", "key_sizes", "128, 192, 256"),
        ("key_sizes: [128, 128]", "key_sizes", "distinct"),
        ("key_slots: 0", "key_slots", "1 to 16"),
        ("key_slots: 17", "key_slots", "1 to 16"),
        ("key_slots: many", "key_slots", "1 to 16"),
        ("lanes: -1", "lanes", "1, 2, 4, 8"),
        ("sbox: lookup", "sbox", "table, composite, rom"),
        ("sbox: 3", "sbox", "table, composite, rom"),
    ];
    for (yaml, field, allowed) in cases {
        let e = error_of(yaml);
        assert!(e.contains(&format!("`{field}`")), "{yaml:?}: {e}");
        assert!(e.contains(allowed), "{yaml:?}: {e}");
    }
}

#[test]
fn validate_names_the_field_of_a_config_built_in_code() {
    let e = Config { key_slots: 0, ..Config::default() }.validate().unwrap_err();
    assert_eq!(e.field.as_deref(), Some("key_slots"));
    assert!(e.to_string().contains("1 to 16"), "{e}");
    let e = Config { key_sizes: vec![256, 128, 256], ..Config::default() }.validate().unwrap_err();
    assert!(e.to_string().contains("256 listed twice"), "{e}");
}

#[test]
fn sbox_style_is_read_written_and_named_only_when_not_the_table() {
    let composite = Config::from_yaml_str("sbox: composite\n").unwrap();
    assert_eq!(composite.sbox, SBoxStyle::Composite);
    assert_eq!(composite.short_name(), "unrolled-l1-b128-composite");
    assert!(serde_yaml::to_string(&composite).unwrap().contains("sbox: composite"));
    let rom = Config::from_yaml_str("sbox: rom\n").unwrap();
    assert_eq!(rom, Config::default(), "the ROM is the default style");
    assert_eq!(rom.short_name(), "unrolled-l1-b128-rom");
    assert!(serde_yaml::to_string(&rom).unwrap().contains("sbox: rom"));
    let table = Config::from_yaml_str("sbox: table\n").unwrap();
    assert_eq!(table.sbox, SBoxStyle::Table);
    assert_eq!(table.short_name(), "unrolled-l1-b128");
    assert!(serde_yaml::to_string(&table).unwrap().contains("sbox: table"));
}

#[test]
fn malformed_documents_are_errors_not_panics() {
    for yaml in ["[1, 2]", "lanes: [", "42", "lanes: {a: 1}", "1: 2"] {
        assert!(Config::from_yaml_str(yaml).is_err(), "{yaml:?}");
    }
    assert!(Config::from_file("/nonexistent/config.yaml").unwrap_err().to_string().contains("cannot read"));
}

#[test]
fn caps_of_default_config() {
    // key sizes 0b111, 16-byte bus -> log2 = 4, 4 slots, 1 lane, aligned only.
    assert_eq!(Config::default().caps(), 0b111 | (4 << 4) | (4 << 8) | (1 << 16));
    let wide = Config { lanes: 4, bus_bits: 512, key_sizes: vec![256], key_slots: 16, ..Config::default() };
    assert_eq!(wide.caps(), 0b100 | (6 << 4) | (16 << 8) | (4 << 16));
}

#[test]
fn max_rounds_follows_key_sizes() {
    assert_eq!(Config::default().max_rounds(), 14);
    assert_eq!(Config { key_sizes: vec![128], ..Config::default() }.max_rounds(), 10);
    assert_eq!(Config { key_sizes: vec![192, 128], ..Config::default() }.max_rounds(), 12);
    assert_eq!(Config::default().min_rounds(), 10);
    assert_eq!(Config { key_sizes: vec![256, 192], ..Config::default() }.min_rounds(), 12);
}

#[test]
fn generated_json_reads_back_and_refuses_stale_files() {
    let config = Config::from_yaml_str("architecture: iterative\ninterleave: 2\nkey_sizes: [256, 128]\n").unwrap();
    let text = config.generated_json("a test", "somewhere.yaml");
    assert!(text.ends_with("}\n"));
    assert_eq!(Config::from_generated_json(&text).unwrap(), config);
    let stale = text.replace(&format!("\"caps\": \"0x{:08x}\"", config.caps()), "\"caps\": \"0x00000000\"");
    assert_ne!(stale, text);
    assert!(Config::from_generated_json(&stale).unwrap_err().to_string().contains("stale"));
    let bad = text.replace("\"key_slots\": 4", "\"key_slots\": 40");
    assert!(Config::from_generated_json(&bad).unwrap_err().to_string().contains("`key_slots`"));
    assert!(Config::from_generated_json("{}").is_err());
}

#[test]
fn next_to_verilog_names_the_missing_file_and_the_command() {
    let verilog = Path::new("/nonexistent/dir/aes_ctr_accel.v");
    assert_eq!(generated_config_path(verilog), Path::new("/nonexistent/dir/aes_ctr_accel.config.json"));
    let e = Config::next_to_verilog(verilog).unwrap_err().to_string();
    assert!(e.contains("/nonexistent/dir/aes_ctr_accel.config.json"), "{e}");
    assert!(e.contains("gen-verilog"), "{e}");
}

#[test]
fn markdown_table_has_a_row_per_field_with_its_default() {
    let table = markdown_table();
    assert_eq!(table.lines().count(), FIELDS.len() + 2);
    assert!(table.contains("| `key_sizes` | list of integers | a non-empty list of distinct values from 128, 192, 256 | 128, 192, 256 |"), "{table}");
    assert!(table.contains("| `sbox` | name | table, composite, rom | rom |"), "{table}");
}

fn schema_section() -> String {
    markdown_table()
}

fn shipped_section() -> String {
    shipped_table(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../configs")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn architecture_doc_tables_match_the_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/architecture.md");
    let sections: &[spec::tables::Section] = &[("config-schema", schema_section), ("config-shipped", shipped_section)];
    spec::tables::check_generated_sections(
        &path,
        "config crate; AESCTR_BLESS=1 cargo test -p aes-ctr-config",
        sections,
    )
    .unwrap_or_else(|e| panic!("{e}"));
}
