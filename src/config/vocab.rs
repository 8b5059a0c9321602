//! Vocabulary tables: the built-in rules/*.toml with the same-named tables of planlint.toml
//! layered over them. Config only merges and checks keys; each extractor and rule family
//! compiles its own table.

use crate::config::ConfigError;
use crate::text::builtin;
use std::collections::BTreeMap;

/// The vocabulary files a config may extend: (table name in planlint.toml, built-in text).
pub const FILES: &[(&str, &str)] = &[
    ("roles", builtin::ROLES_TOML),
    ("dates", builtin::DATES_TOML),
    ("placeholders", builtin::PLACEHOLDERS_TOML),
    ("typography", builtin::TYPOGRAPHY_TOML),
    ("chars", builtin::CHARS_TOML),
    ("owners", builtin::OWNERS_TOML),
    ("numbers", builtin::NUMBERS_TOML),
];

/// The built-in table of `name`, with the overlay from planlint.toml merged in.
pub(crate) fn merged(
    name: &str,
    overlays: &BTreeMap<String, toml::Table>,
) -> Result<toml::Table, ConfigError> {
    let builtin = FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .ok_or_else(|| ConfigError::vocab(format!("no vocabulary table `{name}`")))?;
    let mut base: toml::Table = builtin
        .parse()
        .map_err(|e| ConfigError::vocab(format!("rules/{name}.toml: {e}")))?;
    if let Some(overlay) = overlays.get(name) {
        merge(&mut base, overlay, name)?;
    }
    Ok(base)
}

/// A merged table read into the vocabulary file type its extractor or rule family declares;
/// `name` names the table in errors.
pub fn typed<T: serde::de::DeserializeOwned>(
    table: toml::Table,
    name: &str,
) -> Result<T, ConfigError> {
    table.try_into().map_err(|e: toml::de::Error| {
        ConfigError::vocab(format!("{name} vocabulary: {}", e.message()))
    })
}

/// `key` replaces, `extend-key` appends; an unknown key is an error naming its path.
pub fn merge(base: &mut toml::Table, overlay: &toml::Table, path: &str) -> Result<(), ConfigError> {
    for (key, value) in overlay {
        let here = format!("{path}.{key}");
        if let Some(target) = key.strip_prefix("extend-") {
            match (base.get_mut(target), value) {
                (Some(toml::Value::Array(items)), toml::Value::Array(more)) => {
                    same_items(items, more, &here, key)?;
                    items.extend(more.iter().cloned())
                }
                (Some(_), _) => {
                    return Err(ConfigError::key(
                        &here,
                        format!("`{key}` must be a list, like `{target}`"),
                    ))
                }
                (None, _) => {
                    return Err(ConfigError::key(
                        &here,
                        format!("unknown key `{key}`: there is no `{target}` to extend"),
                    ))
                }
            }
            continue;
        }
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(more)) => {
                merge(inner, more, &here)?
            }
            (Some(toml::Value::Array(items)), toml::Value::Array(more)) => {
                same_items(items, more, &here, key)?;
                *items = more.clone();
            }
            (Some(slot), v) if std::mem::discriminant(slot) == std::mem::discriminant(v) => {
                *slot = v.clone()
            }
            (Some(_), _) => {
                return Err(ConfigError::key(
                    &here,
                    format!("`{key}` has the wrong type"),
                ))
            }
            (None, _) => return Err(ConfigError::key(&here, format!("unknown key `{key}`"))),
        }
    }
    Ok(())
}

/// The items of an overlay list must be of the built-in list's kind (words stay strings), so
/// that a wrong item is reported at its key, not later without a line.
fn same_items(
    builtin: &[toml::Value],
    overlay: &[toml::Value],
    here: &str,
    key: &str,
) -> Result<(), ConfigError> {
    let Some(kind) = builtin.first() else {
        return Ok(());
    };
    match overlay
        .iter()
        .find(|v| std::mem::discriminant(*v) != std::mem::discriminant(kind))
    {
        Some(wrong) => Err(ConfigError::key(
            here,
            format!(
                "`{key}` must hold {}s, but holds the {} `{wrong}`",
                kind.type_str(),
                wrong.type_str()
            ),
        )),
        None => Ok(()),
    }
}
