//! A consultation's page: the question and use case, the arguments for and against, the vote box, the
//! results when they may be shown, and the threaded comments.

use super::super::paths::*;
use super::super::rules::{editable, MAX_DEPTH};
use super::super::*;
use super::load_consultation;
use crate::access::{can, Action, Resource as On};
use crate::ctx::use_ctx;
use crate::eligibility::pages::WhoMayVote;
use crate::format::date_words;
use crate::format::{date_time, long_date};
use crate::i18n::use_i18n;
use crate::moderation::pages::hidden_text;
use crate::sensors::notice::retention_words;
use crate::ui::gate::NotFound;
use crate::ui::{CsrfField, FormMessages};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/consultations/:slug`. Once interactive, its forms post in place: the page reloads its data instead of
/// navigating, and the outcome is announced in a live region.
#[component]
pub fn ConsultationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let q = |name: &str| query.with(|q| q.get(name).unwrap_or_default());
        (params.with(|p| p.get("slug").unwrap_or_default()), q("tri"), q("page"), q("commentaire"))
    };
    let data = Resource::new(key, |(slug, sort, page, comment)| load_consultation(slug, sort, page, comment));
    view! {
        <Transition fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => view! { <ConsultationView detail=d/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ConsultationView(detail: ConsultationDetail) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let staff = can(ctx.user.as_ref(), Action::ManageConsultations, On::Site);
    let c = detail.consultation.clone();
    let here = page(&c.slug);
    let next = match c.status {
        Phase::Draft => Some(Phase::Open),
        Phase::Open => Some(Phase::Closed),
        Phase::Closed | Phase::Decided => None,
    };
    view! {
        <Title text=format!("{} — {}", c.title, ctx.town_name)/>
        <p class="breadcrumb"><a href=LIST>{i18n.t("nav-consultations")}</a></p>
        <h1 lang=i18n.content_lang()>{c.title.clone()}</h1>
        <FormMessages path=here.clone()/>
        <p class="meta">
            <span class=format!("phase phase-{}", c.status.code())>{i18n.t(&c.status.label_key())}</span>
            " · " {i18n.t(&c.domain.label_key())}
            {c.opens_on.clone().map(|d| view! { " · " {i18n.t_args("consultation-opens-on", &[("date", date_words(&d, i18n))])} })}
            {c.closes_on.clone().map(|d| view! { " · " {i18n.t_args("consultation-closes-on", &[("date", date_words(&d, i18n))])} })}
        </p>
        <p class="question lead" lang=i18n.content_lang()>{c.question.clone()}</p>
        {staff.then(|| view! {
            <section class="staff" aria-labelledby="gestion">
                <h2 id="gestion">{i18n.t("consultation-staff-title")}</h2>
                <p>
                    {(c.status != Phase::Decided).then(|| view! { <a href=edit(&c.slug)>{i18n.t("consultation-edit-title")}</a> })}
                    " · " <a href=crate::moderation::paths::QUEUE>{i18n.t("moderation-title")}</a>
                </p>
                {(c.status == Phase::Closed).then(|| view! {
                    <p><a class="button" href=crate::governance::paths::new_for(crate::governance::SubjectKind::Consultation, &c.slug)>
                        {i18n.t("decision-record")}
                    </a></p>
                })}
                {next.map(|to| view! {
                    <form method="post" action=PHASE.to([&c.slug]) class="inline-form">
                        <CsrfField/>
                        <input type="hidden" name="to" value=to.code()/>
                        <button type="submit" class="button secondary">{i18n.t(&format!("consultation-move-{}", to.code()))}</button>
                    </form>
                })}
            </section>
        })}
        <crate::governance::pages::DecisionBox kind=crate::governance::SubjectKind::Consultation slug=c.slug.clone()/>
        <div class="prose" lang=i18n.content_lang() inner_html=c.body_html.clone()></div>
        <UseCase c=c.clone()/>
        <Arguments detail=detail.clone()/>
        <VoteBox detail=detail.clone()/>
        <ResultsView detail=detail.clone()/>
        <Comments detail=detail/>
    }
}

#[component]
fn UseCase(c: Consultation) -> impl IntoView {
    let i18n = use_i18n();
    let places = if c.districts.is_empty() {
        i18n.t("consultation-whole-town")
    } else {
        c.districts.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", ")
    };
    view! {
        <section aria-labelledby="usage">
            <h2 id="usage">{i18n.t("consultation-use-title")}</h2>
            <dl class="record">
                <div><dt>{i18n.t("field-use-purpose")}</dt><dd>{c.use_purpose.clone()}</dd></div>
                <div><dt>{i18n.t("field-use-benefits")}</dt><dd>{c.use_benefits.clone()}</dd></div>
                <div><dt>{i18n.t("field-use-data")}</dt><dd>{c.use_data.clone()}</dd></div>
                <div><dt>{i18n.t("field-use-retention")}</dt><dd>{retention_words(&c.use_retention, i18n)}</dd></div>
                <div><dt>{i18n.t("field-consultation-districts")}</dt><dd>{places}</dd></div>
                <div>
                    <dt>{i18n.t("field-consultation-sensors")}</dt>
                    <dd>
                        {if c.sensors.is_empty() && c.planned_sensors.is_empty() {
                            view! { <span>{i18n.t("value-none")}</span> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {c.sensors.iter().map(|(r, n)| view! {
                                        <li><a href=crate::sensors::paths::sensor(r)>{format!("{r} — {n}")}</a></li>
                                    }).collect_view()}
                                    {(!c.planned_sensors.is_empty()).then(|| view! { <li>{c.planned_sensors.clone()}</li> })}
                                </ul>
                            }.into_any()
                        }}
                    </dd>
                </div>
                {(!c.documents.is_empty()).then(|| view! {
                    <div>
                        <dt>{i18n.t("field-consultation-documents")}</dt>
                        <dd><ul class="plain-list">
                            {c.documents.iter().map(|d| view! { <li><a href=d.url.clone() rel="noopener">{d.title.clone()}</a></li> }).collect_view()}
                        </ul></dd>
                    </div>
                })}
            </dl>
        </section>
    }
}

#[component]
fn Arguments(detail: ConsultationDetail) -> impl IntoView {
    let i18n = use_i18n();
    let column = move |title: &'static str, list: Vec<Comment>| {
        view! {
            <div class="arguments-column">
                <h3>{i18n.t(title)}</h3>
                {if list.is_empty() {
                    view! { <p>{i18n.t("arguments-none")}</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {list.into_iter().map(|a| view! {
                                <li>
                                    <a href=format!("#commentaire-{}", a.id)>{crate::markdown::excerpt(&a.body, 200)}</a>
                                    " " <span class="meta">{i18n.t_args("comment-supports", &[("count", a.supports.to_string())])}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </div>
        }
    };
    view! {
        <section aria-labelledby="arguments">
            <h2 id="arguments">{i18n.t("arguments-title")}</h2>
            <div class="arguments">
                {column("arguments-for", detail.arguments_for)}
                {column("arguments-against", detail.arguments_against)}
            </div>
        </section>
    }
}

#[component]
fn VoteBox(detail: ConsultationDetail) -> impl IntoView {
    let i18n = use_i18n();
    let c = &detail.consultation;
    let action = VOTE.to([&c.slug]);
    let login = format!("{}?suite={}", crate::accounts::paths::LOGIN, page(&c.slug));
    let ctx = use_ctx();
    let rule = c.rule;
    let refusal = match detail.eligibility {
        Eligibility::Refused(r) => Some(r),
        _ => None,
    };
    let body = match detail.eligibility {
        // A kiosk visit votes on the kiosk's own page (which asks the holder's proof to replace an online vote).
        Eligibility::Eligible if ctx.kiosk_visit => view! {
            <p><a class="button" href=crate::kiosk::paths::consultation(&c.slug)>{i18n.t("kiosk-vote-here")}</a></p>
        }
        .into_any(),
        Eligibility::Eligible => {
            let mine = detail.my_vote;
            view! {
                <form method="post" action=action class="form vote-form">
                    <CsrfField/>
                    <fieldset>
                        <legend>{c.question.clone()}</legend>
                        {Choice::ALL.iter().map(|choice| {
                            let id = format!("champ-choice-{}", choice.code());
                            view! {
                                <div class="field radio">
                                    <input type="radio" id=id.clone() name="choice" value=choice.code() checked=mine == Some(*choice) required=true/>
                                    <label for=id>{i18n.t(&choice.label_key())}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    {mine.map(|m| view! { <p class="notice">{i18n.t_args("vote-current", &[("choice", i18n.t(&m.label_key()))])}</p> })}
                    <button type="submit" class="button">{i18n.t(if mine.is_some() { "vote-change" } else { "vote-submit" })}</button>
                </form>
            }
            .into_any()
        }
        // On a town-hall kiosk nobody signs in: the desk hands out a code.
        Eligibility::SignedOut if ctx.kiosk.is_some() => view! { <crate::ui::gate::CodeNeeded/> }.into_any(),
        Eligibility::SignedOut => view! { <p><a href=login>{i18n.t("vote-sign-in")}</a></p> }.into_any(),
        // A refusal by the rule of participation is said, with the way out, by `WhoMayVote` below.
        Eligibility::Refused(_) => view! {
            {detail.my_vote.map(|m| view! { <p>{i18n.t_args("vote-current", &[("choice", i18n.t(&m.label_key()))])}</p> })}
        }
        .into_any(),
        other => view! {
            <p>{i18n.t(other.message_key())}</p>
            {detail.my_vote.map(|m| view! { <p>{i18n.t_args("vote-current", &[("choice", i18n.t(&m.label_key()))])}</p> })}
        }
        .into_any(),
    };
    view! {
        <section aria-labelledby="voter" class="vote-box">
            <h2 id="voter">{i18n.t("vote-title")}</h2>
            <p class="meta">{i18n.t_args("vote-participation", &[("count", detail.voters.to_string())])}</p>
            {rule.restricts().then(|| view! { <WhoMayVote rule=rule refusal=refusal/> })}
            {body}
        </section>
    }
}

#[component]
fn ResultsView(detail: ConsultationDetail) -> impl IntoView {
    let i18n = use_i18n();
    let c = detail.consultation.clone();
    let Some(results) = detail.results else {
        return view! {
            <section aria-labelledby="resultats">
                <h2 id="resultats">{i18n.t("results-title")}</h2>
                <p>{i18n.t(if c.status == Phase::Open { "results-hidden-until-close" } else { "results-none" })}</p>
            </section>
        }
        .into_any();
    };
    let total = results.overall.total();
    let o = results.overall.clone();
    let overall = [(Choice::For, o.for_), (Choice::Against, o.against), (Choice::Abstain, o.abstain)];
    view! {
        <section aria-labelledby="resultats">
            <h2 id="resultats">{i18n.t("results-title")}</h2>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{i18n.t_args("results-caption", &[("count", total.to_string())])}</caption>
                    <thead><tr>
                        <th scope="col">{i18n.t("results-col-choice")}</th>
                        <th scope="col">{i18n.t("results-col-votes")}</th>
                        <th scope="col">{i18n.t("results-col-share")}</th>
                    </tr></thead>
                    <tbody>
                        {overall.into_iter().map(|(choice, n)| view! {
                            <tr><th scope="row">{i18n.t(&choice.label_key())}</th><td>{n}</td><td>{crate::format::percent(i18n.lang(), n, total).unwrap_or_else(|| "—".into())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{i18n.t("results-by-district")}</caption>
                    <thead><tr>
                        <th scope="col">{i18n.t("results-col-district")}</th>
                        <th scope="col">{i18n.t("choice-for")}</th>
                        <th scope="col">{i18n.t("choice-against")}</th>
                        <th scope="col">{i18n.t("choice-abstain")}</th>
                        <th scope="col">{i18n.t("results-col-total")}</th>
                    </tr></thead>
                    <tbody>
                        {results.by_district.into_iter().map(|t| view! {
                            <tr>
                                <th scope="row">{match t.label.as_str() {
                                    "" => i18n.t("results-no-district"),
                                    OTHER_DISTRICTS => i18n.t("results-other-districts"),
                                    label => label.to_string(),
                                }}</th>
                                <td>{t.for_}</td><td>{t.against}</td><td>{t.abstain}</td><td>{t.total()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{i18n.t("results-by-day")}</caption>
                    <thead><tr>
                        <th scope="col">{i18n.t("results-col-day")}</th>
                        <th scope="col">{i18n.t("results-col-new-voters")}</th>
                    </tr></thead>
                    <tbody>
                        {results.by_day.into_iter().map(|(day, n)| view! {
                            <tr><th scope="row">{date_words(&day, i18n)}</th><td>{n}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p><a href=RESULTS_CSV.to([&c.slug]) download>{i18n.t("results-csv")}</a></p>
        </section>
    }
    .into_any()
}

#[component]
fn Comments(detail: ConsultationDetail) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let c = detail.consultation.clone();
    let here = page(&c.slug);
    let action = COMMENT.to([&c.slug]);
    let sort_link = |sort: CommentSort| {
        let current = sort == detail.sort;
        view! {
            <li>
                <a href=format!("{here}?tri={}#commentaires", sort.code()) aria-current=current.then_some("true")>
                    {i18n.t(&sort.label_key())}
                </a>
            </li>
        }
    };
    let new_comment = if detail.may_comment {
        view! {
            <form method="post" action=action.clone() class="form" id="commenter">
                <CsrfField/>
                <AlignmentChoice prefix="new".into() path=here.clone() selected=None/>
                <crate::ui::TextAreaField path=here.clone() name="body" label="field-comment-body" hint="hint-markdown-comment" required=true rows=5/>
                <button type="submit" class="button">{i18n.t("comment-submit")}</button>
            </form>
        }
        .into_any()
    } else if c.status == Phase::Open && ctx.kiosk_visit {
        view! { <p id="commenter">{i18n.t("comment-kiosk")}</p> }.into_any()
    } else if c.status == Phase::Open && ctx.user.is_none() && ctx.kiosk.is_some() {
        view! { <div id="commenter"><crate::ui::gate::CodeNeeded/></div> }.into_any()
    } else if c.status == Phase::Open && ctx.user.is_none() {
        let login = format!("{}?suite={here}", crate::accounts::paths::LOGIN);
        view! { <p id="commenter"><a href=login>{i18n.t("comment-sign-in")}</a></p> }.into_any()
    } else if c.status == Phase::Open {
        view! { <p id="commenter">{i18n.t(super::super::rules::participation(ctx.user.as_ref()).message_key())}</p> }
            .into_any()
    } else {
        view! { <p id="commenter">{i18n.t("comment-read-only")}</p> }.into_any()
    };
    let count = detail.comment_count;
    let thread = Thread {
        slug: c.slug.clone(),
        may_comment: detail.may_comment,
        open: c.status == Phase::Open,
        now: detail.now,
    };
    let comments = detail.comments.clone();
    view! {
        <section aria-labelledby="commentaires">
            <h2 id="commentaires">{i18n.t_args("comments-title", &[("count", count.to_string())])}</h2>
            {new_comment}
            <nav aria-label=i18n.t("comment-sort-label")>
                <ul class="inline-list">{sort_link(CommentSort::Newest)} {sort_link(CommentSort::Supported)}</ul>
            </nav>
            {comments.into_iter().map(|m| view! { <CommentView comment=m thread=thread.clone()/> }).collect_view()}
            <CommentPages here=here.clone() sort=detail.sort page=detail.comment_page pages=detail.comment_pages/>
        </section>
    }
}

/// Links to the other pages of threads (none when they all fit on one).
#[component]
fn CommentPages(here: String, sort: CommentSort, page: u32, pages: u32) -> impl IntoView {
    let link = move |n: u32| format!("{here}?tri={}&page={n}#commentaires", sort.code());
    let prev = (page > 1).then(|| link(page - 1));
    let next = (page < pages).then(|| link(page + 1));
    (pages > 1).then(
        || view! { <crate::ui::Pagination label="comment-pages-label" page=page pages=pages prev=prev next=next/> },
    )
}

/// The three stances as radio buttons (`prefix` keeps ids unique when several forms are on the page).
#[component]
fn AlignmentChoice(prefix: String, path: String, selected: Option<Alignment>) -> impl IntoView {
    let i18n = use_i18n();
    let refill = use_ctx().flash_for(&path).and_then(|f| f.value("alignment").map(str::to_string));
    let chosen = refill.or(selected.map(|a| a.code().to_string())).unwrap_or_default();
    view! {
        <fieldset class="alignment-choice" id=if prefix == "new" { "champ-alignment".to_string() } else { format!("champ-alignment-{prefix}") }>
            <legend>{i18n.t("field-comment-alignment")}</legend>
            {Alignment::ALL.iter().map(|a| {
                let id = format!("champ-alignment-{prefix}-{}", a.code());
                view! {
                    <div class="field radio">
                        <input type="radio" id=id.clone() name="alignment" value=a.code() checked=chosen == a.code() required=true/>
                        <label for=id>{i18n.t(&a.label_key())}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// What every comment of a thread needs to know about its consultation (not the whole page's data, which
/// each comment would otherwise copy).
#[derive(Clone)]
struct Thread {
    slug: String,
    may_comment: bool,
    open: bool,
    now: i64,
}

#[component]
fn CommentView(comment: Comment, thread: Thread) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let ctx = use_ctx();
    // A kiosk visit acts on no comment (no support, report or deletion in the resident's name).
    let me = ctx.user.as_ref().filter(|_| !ctx.kiosk_visit).map(|u| u.id);
    let m = comment;
    let own = me.is_some() && m.author_id == me;
    let visible = m.state == CommentState::Visible;
    let anchor = format!("commentaire-{}", m.id);
    let depth = m.depth.min(MAX_DEPTH);
    let author = m.author.clone().unwrap_or_else(|| i18n.t("deleted-account"));
    let body = match &m.state {
        CommentState::Visible => {
            view! { <div class="prose" lang=i18n.content_lang() inner_html=m.body_html.clone()></div> }.into_any()
        }
        CommentState::Deleted => view! { <p class="placeholder">{i18n.t("comment-deleted")}</p> }.into_any(),
        CommentState::Hidden(reason) => view! { <p class="placeholder">{hidden_text(i18n, reason)}</p> }.into_any(),
    };
    let can_act = thread.may_comment && visible;
    let support = (can_act && !own).then(|| {
        let on = !m.supported_by_me;
        view! {
            <form method="post" action=COMMENT_SUPPORT.to([&m.id]) class="inline-form">
                <CsrfField/>
                <input type="hidden" name="on" value=if on { "1" } else { "0" }/>
                <button type="submit" class="link-button" aria-pressed=if on { "false" } else { "true" }>
                    {i18n.t(if on { "comment-support" } else { "comment-unsupport" })}
                </button>
            </form>
        }
    });
    let reply = (can_act && m.depth < MAX_DEPTH).then(|| {
        let id = format!("champ-body-reply-{}", m.id);
        view! {
            <details class="reply">
                <summary>{i18n.t("comment-reply")}</summary>
                <form method="post" action=COMMENT.to([&thread.slug]) class="form">
                    <CsrfField/>
                    <input type="hidden" name="parent" value=m.id.to_string()/>
                    <AlignmentChoice prefix=format!("reply-{}", m.id) path=String::new() selected=None/>
                    <div class="field">
                        <label for=id.clone()>{i18n.t("field-comment-reply")}</label>
                        <textarea id=id name="body" rows="3" required></textarea>
                    </div>
                    <button type="submit" class="button">{i18n.t("comment-reply-submit")}</button>
                </form>
            </details>
        }
    });
    let edit = (own && can_act && editable(m.created_at, thread.now)).then(|| {
        let id = format!("champ-body-edit-{}", m.id);
        view! {
            <details class="edit">
                <summary>{i18n.t("comment-edit")}</summary>
                <form method="post" action=COMMENT_EDIT.to([&m.id]) class="form">
                    <CsrfField/>
                    <AlignmentChoice prefix=format!("edit-{}", m.id) path=String::new() selected=Some(m.alignment)/>
                    <div class="field">
                        <label for=id.clone()>{i18n.t("field-comment-body")}</label>
                        <textarea id=id name="body" rows="4" required>{m.body.clone()}</textarea>
                    </div>
                    <button type="submit" class="button">{i18n.t("save")}</button>
                </form>
            </details>
        }
    });
    let delete = (own && thread.open && m.state != CommentState::Deleted).then(|| {
        view! {
            <form method="post" action=COMMENT_DELETE.to([&m.id]) class="inline-form">
                <CsrfField/>
                <button type="submit" class="link-button">{i18n.t("comment-delete")}</button>
            </form>
        }
    });
    let report = (me.is_some() && !own && visible).then(|| {
        view! {
            <a href=format!("{}?type=comment&id={}", crate::moderation::paths::REPORT, m.id)>{i18n.t("comment-report")}</a>
        }
    });
    view! {
        <article class=format!("comment depth-{depth} alignment-{}", m.alignment.code()) id=anchor aria-label=i18n.t_args("comment-label", &[("author", author.clone())])>
            <p class="meta">
                <strong>{author.clone()}</strong>
                {visible.then(|| view! { " · " <span class="alignment">{i18n.t(&m.alignment.label_key())}</span> })}
                " · " <time>{date_time(lang, m.created_at)}</time>
                {m.edited_at.filter(|_| visible).map(|t| view! { " · " {i18n.t_args("comment-edited", &[("date", long_date(lang, t))])} })}
                {visible.then(|| view! { " · " {i18n.t_args("comment-supports", &[("count", m.supports.to_string())])} })}
            </p>
            {body}
            <div class="comment-actions">{support} {report} {delete}</div>
            {edit}
            {reply}
        </article>
    }
}
