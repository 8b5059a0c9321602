//! Tells the tests whether the shared corpora are beside the repository, so that the corpus
//! tests report "ignored" on a machine without them instead of passing without checking.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_corpus)");
    println!("cargo::rerun-if-changed=../shared/corpus/gold");
    println!("cargo::rerun-if-changed=../shared/corpus-repos/gold");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let shared = std::path::Path::new(&manifest).join("../shared");
    if shared.join("corpus/gold").is_dir() && shared.join("corpus-repos/gold").is_dir() {
        println!("cargo::rustc-cfg=shared_corpus");
    }
}
