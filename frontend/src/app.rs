//! The router: every [`Page`] and the view it shows. Paths come from [`crate::route::seg`].

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{OptionalParamSegment, ParamSegment, StaticSegment};

use crate::components::layout::Shell;
use crate::components::operation::Ops;
use crate::components::toasts::Toasts;
use crate::context::AppContext;
use crate::pages::account::AccountPage;
use crate::pages::audit::AuditPage;
use crate::pages::cluster::ClusterPage;
use crate::pages::clusters::ClustersPage;
use crate::pages::create_cluster::CreateClusterPage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::pages::recycle_bin::RecycleBinPage;
use crate::pages::tokens::TokensPage;
use crate::pages::users::UsersPage;
use crate::route::{Page, seg};

#[component]
pub fn App() -> impl IntoView {
    AppContext::provide();
    Ops::provide();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=StaticSegment(seg::LOGIN) view=LoginPage />
                <ParentRoute path=StaticSegment("") view=Shell>
                    <Route
                        path=StaticSegment("")
                        view=|| view! { <Redirect path=Page::Clusters.path() /> }
                    />
                    <Route path=StaticSegment(seg::CLUSTERS) view=ClustersPage />
                    // Before the `:id` route, so `new` is never taken for a cluster id.
                    <Route
                        path=(StaticSegment(seg::CLUSTERS), StaticSegment(seg::NEW))
                        view=CreateClusterPage
                    />
                    <Route
                        path=(
                            StaticSegment(seg::CLUSTERS),
                            ParamSegment(seg::ID),
                            OptionalParamSegment(seg::TAB),
                        )
                        view=ClusterPage
                    />
                    <Route path=StaticSegment(seg::RECYCLE_BIN) view=RecycleBinPage />
                    <Route
                        path=StaticSegment(seg::AUDIT)
                        view=|| view! { <AdminOnly page=Page::Audit><AuditPage /></AdminOnly> }
                    />
                    <Route
                        path=StaticSegment(seg::USERS)
                        view=|| view! { <AdminOnly page=Page::Users><UsersPage /></AdminOnly> }
                    />
                    <Route path=StaticSegment(seg::TOKENS) view=TokensPage />
                    <Route path=StaticSegment(seg::ACCOUNT) view=AccountPage />
                </ParentRoute>
            </Routes>
        </Router>
        <Toasts />
    }
}

/// A page shown only to roles that may open it (the server refuses the rest anyway).
#[component]
fn AdminOnly(page: Page, children: ChildrenFn) -> impl IntoView {
    let context = AppContext::get();
    move || {
        if context.allows(page.min_role()) {
            children().into_any()
        } else {
            view! {
                <div class="page-head"><h1>"Not for your role"</h1></div>
                <p class="muted">
                    {format!("This page is for the {} role and above.", page.min_role())}
                </p>
            }
            .into_any()
        }
    }
}
