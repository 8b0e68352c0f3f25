//! The officials' dashboard (role `official`, and admins): participation in each consultation and budget over
//! time, by district and by channel, their outcome and the comparison of budget rules; across the town,
//! consultations, decisions, projects, sensors and retention compliance. Counts only: no figure is about one
//! resident.
//!
//! Every figure is a [`Table`]: the page draws it as a server-rendered SVG bar chart with the table beside it
//! (accessible, printable), and every table downloads as CSV. `chart` holds the pure parts (bar lengths, weeks,
//! CSV); `queries` the SQL; `service` assembles the tables; `handlers` the CSV downloads; `pages` the screens.

pub mod chart;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// The addresses of the dashboard.
pub mod paths {
    use crate::route::Route;

    /// The town's figures and the list of consultations and budgets.
    pub const TOWN: &str = "/tableau-de-bord";
    /// A consultation's dashboard.
    pub const CONSULTATION: Route<1> = Route::new("/tableau-de-bord/consultations/{slug}");
    /// A budget's dashboard.
    pub const BUDGET: Route<1> = Route::new("/tableau-de-bord/budgets/{slug}");
    /// One table of the town's dashboard as CSV.
    pub const TOWN_CSV: Route<1> = Route::new("/tableau-de-bord/csv/{table}");
    /// One table of a consultation's dashboard as CSV.
    pub const CONSULTATION_CSV: Route<2> = Route::new("/tableau-de-bord/consultations/{slug}/csv/{table}");
    /// One table of a budget's dashboard as CSV.
    pub const BUDGET_CSV: Route<2> = Route::new("/tableau-de-bord/budgets/{slug}/csv/{table}");

    /// A consultation's dashboard.
    pub fn consultation(slug: &str) -> String {
        CONSULTATION.to([&slug])
    }

    /// A budget's dashboard.
    pub fn budget(slug: &str) -> String {
        BUDGET.to([&slug])
    }

    /// One table of a dashboard as CSV: `scope` is `town`, `consultation` or `budget`.
    pub fn csv(scope: &str, slug: &str, table: &str) -> String {
        match scope {
            "consultation" => CONSULTATION_CSV.to([&slug, &table]),
            "budget" => BUDGET_CSV.to([&slug, &table]),
            _ => TOWN_CSV.to([&table]),
        }
    }
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Its stable code (the CSV header).
    pub code: String,
    /// The Fluent key of its heading.
    pub label_key: String,
    /// Whether its values are amounts in cents.
    pub money: bool,
}

/// A row of a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// A stable code or a name (a week's Monday, a district's name): the CSV's first column.
    pub key: String,
    /// The Fluent key of its label when `key` is a code (else `key` is shown as it is).
    pub label_key: Option<String>,
    /// One value per column.
    pub values: Vec<i64>,
}

/// One figure: a table, drawn as a bar chart of `chart_column` when there is one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Its code, in its CSV address.
    pub id: String,
    /// The Fluent key of its title.
    pub title_key: String,
    /// The Fluent key of the first column's heading.
    pub key_label: String,
    /// The value columns.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Row>,
    /// The column the chart draws, if any.
    pub chart_column: Option<usize>,
    /// The currency of money columns.
    pub currency: String,
}

/// A dashboard: the town's, a consultation's or a budget's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// `town`, `consultation` or `budget` (its tables' CSV addresses are made from it and the slug).
    pub scope: String,
    /// The subject's slug (empty for the town).
    pub slug: String,
    /// The subject's title (empty for the town).
    pub title: String,
    /// The subject's public page (empty for the town).
    pub subject_page: String,
    /// Fluent keys of notes shown above the tables.
    pub notes: Vec<String>,
    /// The figures.
    pub tables: Vec<Table>,
    /// The town's dashboard lists the consultations' and budgets' dashboards: (address, title).
    pub subjects: Vec<(String, String)>,
    /// The figures a reader sees first (the town's dashboard): (Fluent key, value).
    pub headline: Vec<(String, i64)>,
    /// Participants in consultations against the resident register's entries, when it has any.
    pub turnout: Option<(i64, i64)>,
}
