//! Three-way merge of an edited [`Profile`] into the user's parsed TOML document.
//!
//! Rewriting the file from the model would drop the user's comments, ordering and any keys kdt
//! does not know. Instead both the model as loaded (`base`) and as edited (`new`) are serialized
//! to TOML, and only the differences between the two are applied to the document:
//! - a key in `new` whose value differs from `base` is updated in place (decor kept) or inserted;
//! - a key in `base` but not in `new` was deleted by the edit and is removed;
//! - a key in neither is something kdt does not model (a user's own key) and is left alone.

use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use super::model::Profile;

/// Serialize a profile to a `toml_edit` table (via `toml`, which knows our serde attributes).
fn to_table(profile: &Profile) -> Result<Table, String> {
    let text = toml::to_string(profile).map_err(|e| format!("cannot serialize profile: {e}"))?;
    let doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("internal: serialized profile does not parse: {e}"))?;
    Ok(doc.into_table())
}

/// Apply the change `base → new` to `[profiles.<name>]` in `doc`.
pub(super) fn merge_profile(
    doc: &mut DocumentMut,
    name: &str,
    base: &Profile,
    new: &Profile,
) -> Result<(), String> {
    let base = to_table(base)?;
    let new = to_table(new)?;

    // A file holding only comments keeps them in the document's trailing text, which is
    // written after all tables; move them in front of the first table so they stay on top.
    let leading = if doc.as_table().is_empty() {
        let t = doc.trailing().as_str().unwrap_or_default().to_string();
        doc.set_trailing("");
        t
    } else {
        String::new()
    };
    let root = doc.as_table_mut();
    if !root.contains_key("profiles") {
        let mut t = Table::new();
        // `profiles` only holds sub-tables; without this an empty `[profiles]` header is written.
        t.set_implicit(true);
        root.insert("profiles", Item::Table(t));
    }
    let profiles = root["profiles"]
        .as_table_like_mut()
        .ok_or("`profiles` in the file is not a table")?;
    if profiles.get(name).is_none() {
        let mut t = Table::new();
        if !leading.trim().is_empty() {
            t.decor_mut().set_prefix(leading);
        }
        profiles.insert(name, Item::Table(t));
    }
    let inline = profiles.get(name).is_some_and(Item::is_inline_table);
    let target = profiles
        .get_mut(name)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| format!("`profiles.{name}` in the file is not a table"))?;
    merge_table(target, inline, Some(&base), &new);
    Ok(())
}

fn merge_table(
    dst: &mut dyn TableLike,
    dst_inline: bool,
    base: Option<&dyn TableLike>,
    new: &dyn TableLike,
) {
    if let Some(base) = base {
        let deleted: Vec<String> = base
            .iter()
            .filter(|(k, _)| !new.contains_key(k))
            .map(|(k, _)| k.to_string())
            .collect();
        for k in deleted {
            dst.remove(&k);
        }
    }
    for (key, new_item) in new.iter() {
        let base_item = base.and_then(|b| b.get(key));
        match dst.get_mut(key) {
            Some(dst_item) if !dst_item.is_none() => merge_item(dst_item, base_item, new_item),
            _ => {
                dst.insert(key, fresh(new_item, dst_inline));
            }
        }
    }
}

fn merge_item(dst: &mut Item, base: Option<&Item>, new: &Item) {
    if let (Some(new_t), true) = (new.as_table_like(), dst.is_table_like()) {
        let inline = dst.is_inline_table();
        let base_t = base.and_then(Item::as_table_like);
        let dst_t = dst.as_table_like_mut().expect("checked is_table_like");
        merge_table(dst_t, inline, base_t, new_t);
        return;
    }
    match (dst.as_value_mut(), new.as_value()) {
        (Some(dst_v), Some(new_v)) => {
            // Unchanged by this edit: leave the user's spelling (quotes, native datetime) alone.
            if base
                .and_then(Item::as_value)
                .is_some_and(|b| value_eq(b, new_v))
                || value_eq(dst_v, new_v)
            {
                return;
            }
            let decor = dst_v.decor().clone();
            *dst_v = new_v.clone();
            *dst_v.decor_mut() = decor;
        }
        _ => {
            // Shape changed (e.g. a value became a table): replace wholesale.
            let inline = dst.is_value();
            *dst = fresh(new, inline);
        }
    }
}

/// A copy of `item` ready to insert into the user's document.
fn fresh(item: &Item, as_value: bool) -> Item {
    let mut item = item.clone();
    strip_positions(&mut item);
    if as_value
        && !item.is_value()
        && let Ok(v) = item.clone().into_value()
    {
        return Item::Value(v);
    }
    item
}

/// Positions come from the throwaway serialized document and would interleave the new tables
/// with the user's ones at random; without a position a table is written after its predecessor.
fn strip_positions(item: &mut Item) {
    if let Item::Table(t) = item {
        t.set_position(None);
        for (_, child) in t.iter_mut() {
            strip_positions(child);
        }
    }
}

/// Equality of TOML values ignoring formatting (quoting style, whitespace, comments).
fn value_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| value_eq(a, b))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| value_eq(v, w)))
        }
        _ => false,
    }
}
