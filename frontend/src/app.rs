//! The router: every [`Page`] and the view it shows. Paths come from [`crate::route::seg`].

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{OptionalParamSegment, ParamSegment, StaticSegment};

use crate::components::layout::Shell;
use crate::components::toasts::Toasts;
use crate::context::AppContext;
use crate::pages::cluster_detail::ClusterPage;
use crate::pages::clusters::ClustersPage;
use crate::pages::create_cluster::CreateClusterPage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::pages::placeholder::Placeholder;
use crate::route::{Page, seg};

#[component]
pub fn App() -> impl IntoView {
    AppContext::provide();
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
                    <Route
                        path=StaticSegment(seg::RECYCLE_BIN)
                        view=|| view! { <Placeholder title="Recycle bin" what="The recycle bin" /> }
                    />
                    <Route
                        path=StaticSegment(seg::AUDIT)
                        view=|| view! { <Placeholder title="Audit log" what="The audit log" /> }
                    />
                    <Route
                        path=StaticSegment(seg::USERS)
                        view=|| view! { <Placeholder title="Users" what="User management" /> }
                    />
                    <Route
                        path=StaticSegment(seg::TOKENS)
                        view=|| view! { <Placeholder title="API tokens" what="Token management" /> }
                    />
                    <Route
                        path=StaticSegment(seg::ACCOUNT)
                        view=|| {
                            view! {
                                <Placeholder title="Your account" what="Changing your password" />
                            }
                        }
                    />
                </ParentRoute>
            </Routes>
        </Router>
        <Toasts />
    }
}
