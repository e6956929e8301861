//! Column and key shapes the migrations repeat. Only for migrations written after this
//! file existed: landed migrations keep their text.

use sea_orm_migration::prelude::*;

/// An auto-increment integer primary key named `id`.
pub fn id() -> ColumnDef {
    ColumnDef::new("id")
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

/// `from.column` references `to.id`; rows go when the referenced row goes.
pub fn cascade(
    from: &'static str,
    column: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// An index named `name` on `table` over `cols`, in that order.
pub fn index(name: &str, table: &str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table.to_string());
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}
