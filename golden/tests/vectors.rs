//! The golden model reproduces every vector file in `golden/vectors/`
//! exactly: FIPS-197 Appendix C (ciphertexts and every line of the round
//! traces), SP 800-38A F.5 (counter blocks, output blocks, ciphertexts), the
//! hand-derived counter-wrap cases, and the pyperformance `crypto_pyaes`
//! workload hash. Decrypting each ciphertext gives the plaintext back.
//!
//! The wrap-case ciphertexts and the workload hashes are also re-checked
//! against RustCrypto (`aes`, `ctr`), so the files stay independent of
//! golden. `regenerate_wrap_vectors` (ignored) is how the wrap ciphertexts
//! were produced.

mod common;

use aes::cipher::{generic_array::GenericArray, KeyIvInit, StreamCipher};
use common::rustcrypto_encrypt;
use golden::aes::KeySchedule;
use golden::ctr;
use golden::vectors::{self, CtrVector};
use sha2::{Digest, Sha256};
use spec::CounterWidth;

/// plaintext XOR AES_K(counter_blocks[j]) with RustCrypto `aes`, from the file's own counter blocks.
fn rustcrypto_ctr_from_counter_blocks(key: &[u8], counter_blocks: &[[u8; 16]], plaintext: &[u8]) -> Vec<u8> {
    assert_eq!(counter_blocks.len(), plaintext.len().div_ceil(16));
    plaintext
        .chunks(16)
        .zip(counter_blocks)
        .flat_map(|(chunk, counter)| {
            let pad = rustcrypto_encrypt(key, counter);
            chunk.iter().zip(pad).map(|(p, k)| p ^ k).collect::<Vec<u8>>()
        })
        .collect()
}

#[test]
fn fips197_appendix_c_ciphertexts_are_reproduced() {
    let vectors = vectors::aes_vectors().unwrap();
    let key_lengths: Vec<usize> = vectors.iter().map(|v| v.key.len()).collect();
    assert_eq!(key_lengths, vec![16, 24, 32], "C.1, C.2, C.3");
    for vector in &vectors {
        let schedule = KeySchedule::expand(&vector.key).unwrap();
        assert_eq!(
            schedule.encrypt_block(&vector.plaintext),
            vector.ciphertext,
            "{}: ciphertext differs from FIPS-197",
            vector.name
        );
    }
}

#[test]
fn fips197_appendix_c_round_traces_are_reproduced() {
    for vector in vectors::aes_vectors().unwrap() {
        let schedule = KeySchedule::expand(&vector.key).unwrap();
        let ours = schedule.encrypt_block_trace(&vector.plaintext);
        // input, k_sch, Nr - 1 rounds of 5 lines, the last round of 4, output.
        let expected_lines = 2 + 5 * (schedule.rounds() - 1) + 4 + 1;
        assert_eq!(vector.trace.len(), expected_lines, "{}: the file's trace is incomplete", vector.name);
        assert_eq!(ours.len(), expected_lines, "{}", vector.name);
        for (line, (label, value)) in ours.iter().zip(&vector.trace) {
            assert_eq!(&line.label(), label, "{}: trace labels out of step", vector.name);
            assert_eq!(
                line.value,
                *value,
                "{} {label}: golden {} but FIPS-197 {}",
                vector.name,
                hex::encode(line.value),
                hex::encode(value)
            );
        }
        // The trace's k_sch lines are the key schedule's round keys.
        let k_sch: Vec<[u8; 16]> =
            vector.trace.iter().filter(|(l, _)| l.ends_with(".k_sch")).map(|(_, v)| *v).collect();
        assert_eq!(k_sch, schedule.round_keys, "{}: round keys", vector.name);
    }
}

fn check_ctr_vector(vector: &CtrVector) {
    let name = &vector.name;
    let schedule = KeySchedule::expand(&vector.key).unwrap();
    if let Some(first) = vector.counter_blocks.first() {
        assert_eq!(*first, vector.counter0, "{name}: C0 must be the initial counter");
    }
    for (j, expected) in vector.counter_blocks.iter().enumerate() {
        let ours = ctr::counter_block(vector.counter0, vector.width, j as u128);
        assert_eq!(ours, *expected, "{name}: C{j} golden {} but file {}", hex::encode(ours), hex::encode(expected));
    }
    for (j, (counter, output)) in vector.counter_blocks.iter().zip(&vector.output_blocks).enumerate() {
        assert_eq!(schedule.encrypt_block(counter), *output, "{name}: output block {j}");
    }
    let mut data = vector.plaintext.clone();
    ctr::xor_in_place(&vector.key, vector.counter0, vector.width, &mut data).unwrap();
    assert_eq!(
        data,
        vector.ciphertext,
        "{name}: golden ciphertext {} but file {}",
        hex::encode(&data),
        hex::encode(&vector.ciphertext)
    );
    ctr::xor_in_place(&vector.key, vector.counter0, vector.width, &mut data).unwrap();
    assert_eq!(data, vector.plaintext, "{name}: decrypting the ciphertext must give the plaintext back");
    let keystream = ctr::keystream(&vector.key, vector.counter0, vector.width, vector.plaintext.len()).unwrap();
    let expected: Vec<u8> = vector.plaintext.iter().zip(&vector.ciphertext).map(|(p, c)| p ^ c).collect();
    assert_eq!(keystream, expected, "{name}: keystream");
}

#[test]
fn sp800_38a_ctr_vectors_are_reproduced() {
    let records = vectors::parse(vectors::SP800_38A_CTR.name, vectors::SP800_38A_CTR.text).unwrap();
    let vectors: Vec<CtrVector> = vectors::ctr_vectors().unwrap().into_iter().take(records.len()).collect();
    let names: Vec<&str> = vectors.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["sp800_38a_f5_1_ctr_aes128", "sp800_38a_f5_3_ctr_aes192", "sp800_38a_f5_5_ctr_aes256"]);
    for vector in &vectors {
        assert_eq!(vector.output_blocks.len(), 4, "{}: SP 800-38A lists 4 output blocks", vector.name);
        check_ctr_vector(vector);
    }
}

#[test]
fn ctr_wrap_vectors_are_reproduced() {
    let records = vectors::parse(vectors::CTR_WRAP.name, vectors::CTR_WRAP.text).unwrap();
    let all = vectors::ctr_vectors().unwrap();
    let wrap = &all[all.len() - records.len()..];
    assert!(wrap.len() >= 10);
    for width in CounterWidth::ALL {
        assert!(wrap.iter().any(|v| v.width == width), "no wrap vector for {width:?}");
    }
    assert!(wrap.iter().any(|v| !v.plaintext.len().is_multiple_of(16)), "no partial final block");
    for vector in wrap {
        check_ctr_vector(vector);
    }
}

#[test]
fn wrap_vector_ciphertexts_match_rustcrypto() {
    let records = vectors::parse(vectors::CTR_WRAP.name, vectors::CTR_WRAP.text).unwrap();
    let all = vectors::ctr_vectors().unwrap();
    for vector in &all[all.len() - records.len()..] {
        let theirs = rustcrypto_ctr_from_counter_blocks(&vector.key, &vector.counter_blocks, &vector.plaintext);
        assert_eq!(theirs, vector.ciphertext, "{}: file ciphertext is not RustCrypto's", vector.name);
    }
}

/// Rewrites `golden/vectors/ctr_wrap.txt` to stdout with every record's
/// `ciphertext` lines recomputed by RustCrypto `aes` from the file's
/// hand-written `counter_block` lines (golden is not used). Run with
/// `cargo test -p aes-ctr-golden --test vectors -- --ignored --nocapture regenerate_wrap_vectors`
/// and copy the text between the markers over the file.
#[test]
#[ignore = "prints regenerated data; run by hand"]
fn regenerate_wrap_vectors() {
    let file = vectors::CTR_WRAP;
    let records = vectors::parse(file.name, file.text).unwrap();
    let mut out = String::new();
    let mut record_index: Option<usize> = None;
    let lines: Vec<&str> = file.text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            record_index = Some(record_index.map_or(0, |r| r + 1));
        }
        let key = trimmed.split_once('=').map(|(k, _)| k.trim());
        if key == Some("ciphertext") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        // After a record's last plaintext line, write its ciphertext with the same line lengths.
        let next_is_plaintext = lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !(l.starts_with("ciphertext") && l.contains('=')))
            .is_some_and(|l| l.starts_with("plaintext"));
        if key == Some("plaintext") && !next_is_plaintext {
            let record = &records[record_index.unwrap()];
            let key = record.key("key").unwrap();
            let plaintext = record.bytes("plaintext").unwrap();
            let counter_blocks = record.blocks("counter_block").unwrap();
            let ciphertext = rustcrypto_ctr_from_counter_blocks(&key, &counter_blocks, &plaintext);
            let mut offset = 0;
            for field in record.all("plaintext") {
                let length = field.value.chars().filter(|c| c.is_ascii_hexdigit()).count() / 2;
                let text = hex::encode(&ciphertext[offset..offset + length]);
                out.push_str(format!("ciphertext    = {text}").trim_end());
                out.push('\n');
                offset += length;
            }
        }
    }
    println!("----- BEGIN ctr_wrap.txt -----\n{out}----- END ctr_wrap.txt -----");
}

#[test]
fn pyaes_workload_hashes_are_reproduced() {
    let workloads = vectors::workload_vectors().unwrap();
    assert!(workloads.iter().any(|w| w.plaintext.len() == 23_000));
    for workload in &workloads {
        let mut data = workload.plaintext.clone();
        ctr::xor_in_place(&workload.key, workload.counter0, workload.width, &mut data).unwrap();
        assert_eq!(
            hex::encode(&data[..workload.ciphertext_head.len()]),
            hex::encode(&workload.ciphertext_head),
            "{}: first ciphertext bytes",
            workload.name
        );
        let digest: [u8; 32] = Sha256::digest(&data).into();
        assert_eq!(hex::encode(digest), hex::encode(workload.ciphertext_sha256), "{}: SHA-256", workload.name);
        ctr::xor_in_place(&workload.key, workload.counter0, workload.width, &mut data).unwrap();
        assert!(data == workload.plaintext, "{}: decrypt did not give the plaintext back", workload.name);
    }
}

#[test]
fn pyaes_workload_hashes_match_rustcrypto_ctr() {
    for workload in vectors::workload_vectors().unwrap() {
        assert_eq!(workload.width, CounterWidth::W128, "pyaes's Counter is a 128-bit counter");
        assert_eq!(workload.key.len(), 16, "the workload is AES-128");
        let mut data = workload.plaintext.clone();
        let mut cipher = ::ctr::Ctr128BE::<aes::Aes128>::new(
            GenericArray::from_slice(&workload.key),
            GenericArray::from_slice(&workload.counter0),
        );
        cipher.apply_keystream(&mut data);
        let digest: [u8; 32] = Sha256::digest(&data).into();
        assert_eq!(hex::encode(digest), hex::encode(workload.ciphertext_sha256), "{}", workload.name);
    }
}
