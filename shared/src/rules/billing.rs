//! How a new cluster or data center is paid for: PayType, Period, PeriodUnit, AutoRenew and
//! AutoRenewPeriod, parsed together because each one's meaning depends on the others.

use crate::enums::{PayType, PeriodUnit};

use super::violation::{FieldError, Report, Rule, Violation};

/// The billing parameters of CreateCluster / CreateDataCenter, as the request carries them.
#[derive(Debug, Clone, Copy)]
pub struct BillingInput<'a> {
    pub pay_type: &'a PayType,
    pub period: Option<i32>,
    pub period_unit: Option<&'a PeriodUnit>,
    pub auto_renew: Option<bool>,
    pub auto_renew_period: Option<i32>,
}

/// A valid billing choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Billing {
    /// Billed by usage; no term, no renewal.
    PayAsYouGo,
    /// Prepaid for a term; `auto_renew` is the renewal period when auto-renewal is on.
    Subscription {
        term: Term,
        auto_renew: Option<AutoRenewPeriod>,
    },
}

/// A subscription term.
///
/// The seed documents Period in months with the values 1-9, 12, 24, 36, yet lets PeriodUnit
/// choose Year or Month, and its example pairs `PeriodUnit=Year` with `Period=12`. We read
/// Period as months in both cases: with Month any documented value is allowed; with Year it
/// must be a whole number of years in months (12, 24, 36). We reject Year with 1-3: the seed
/// gives no sign that Period ever counts years, and guessing would risk buying a term twelve
/// times shorter or longer than the user meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// Monthly subscription; months ∈ {1..9, 12, 24, 36}.
    Months(u8),
    /// Yearly subscription; years ∈ {1, 2, 3} (sent as Period 12, 24, 36).
    Years(u8),
}

/// Auto-renewal period in months: 1, 2, 3, 6 or 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoRenewPeriod(u8);

/// Period values documented for a monthly subscription.
pub const MONTH_PERIODS: [i32; 12] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36];
/// Period values (months) accepted for a yearly subscription.
pub const YEAR_PERIODS: [i32; 3] = [12, 24, 36];
/// Documented AutoRenewPeriod values, in months.
pub const AUTO_RENEW_PERIODS: [i32; 5] = [1, 2, 3, 6, 12];

impl Billing {
    /// Parse the five billing parameters together, reporting every broken one by wire name.
    pub fn parse(input: BillingInput<'_>) -> Result<Billing, Vec<FieldError>> {
        match input.pay_type {
            PayType::PayAsYouGo => parse_pay_as_you_go(input),
            PayType::Subscription => parse_subscription(input),
            PayType::Other(other) => Err(vec![
                Violation::new(
                    Rule::BillingPayType,
                    format!("must be Subscription or PayAsYouGo, not `{other}`"),
                )
                .at("PayType"),
            ]),
        }
    }

    pub fn pay_type(&self) -> PayType {
        match self {
            Billing::PayAsYouGo => PayType::PayAsYouGo,
            Billing::Subscription { .. } => PayType::Subscription,
        }
    }

    /// The wire `Period` (always in months, see [`Term`]).
    pub fn period(&self) -> Option<i32> {
        match self {
            Billing::PayAsYouGo => None,
            Billing::Subscription { term, .. } => Some(term.period()),
        }
    }

    pub fn period_unit(&self) -> Option<PeriodUnit> {
        match self {
            Billing::PayAsYouGo => None,
            Billing::Subscription { term, .. } => Some(term.unit()),
        }
    }

    pub fn auto_renew(&self) -> Option<bool> {
        match self {
            Billing::PayAsYouGo => None,
            Billing::Subscription { auto_renew, .. } => Some(auto_renew.is_some()),
        }
    }

    pub fn auto_renew_period(&self) -> Option<i32> {
        match self {
            Billing::Subscription {
                auto_renew: Some(period),
                ..
            } => Some(period.months()),
            _ => None,
        }
    }
}

impl Term {
    /// The wire `Period`, in months.
    pub fn period(self) -> i32 {
        match self {
            Term::Months(months) => i32::from(months),
            Term::Years(years) => i32::from(years) * 12,
        }
    }

    pub fn unit(self) -> PeriodUnit {
        match self {
            Term::Months(_) => PeriodUnit::Month,
            Term::Years(_) => PeriodUnit::Year,
        }
    }
}

impl AutoRenewPeriod {
    pub fn parse(months: i32) -> Result<Self, Violation> {
        if AUTO_RENEW_PERIODS.contains(&months) {
            // In range by the check above.
            Ok(Self(months as u8))
        } else {
            Err(Violation::new(
                Rule::BillingAutoRenewPeriod,
                format!("must be 1, 2, 3, 6 or 12 (months), not {months}"),
            ))
        }
    }

    pub fn months(self) -> i32 {
        i32::from(self.0)
    }
}

/// Pay-as-you-go has no term and never renews. `AutoRenew=false` is tolerated: it is the
/// documented default, so stating it asks for nothing.
fn parse_pay_as_you_go(input: BillingInput<'_>) -> Result<Billing, Vec<FieldError>> {
    let mut report = Report::new();
    let only_subscriptions = |what: &str| {
        Violation::new(
            Rule::BillingPayAsYouGo,
            format!("{what} only for Subscription; leave it out for PayAsYouGo"),
        )
    };
    if input.period.is_some() {
        report.push(only_subscriptions("applies").at("Period"));
    }
    if input.period_unit.is_some() {
        report.push(only_subscriptions("applies").at("PeriodUnit"));
    }
    if input.auto_renew == Some(true) {
        report.push(only_subscriptions("renewal is available").at("AutoRenew"));
    }
    if input.auto_renew_period.is_some() {
        report.push(only_subscriptions("renewal is available").at("AutoRenewPeriod"));
    }
    report.finish(Billing::PayAsYouGo)
}

fn parse_subscription(input: BillingInput<'_>) -> Result<Billing, Vec<FieldError>> {
    match (parse_term(input), parse_auto_renew(input)) {
        (Ok(term), Ok(auto_renew)) => Ok(Billing::Subscription { term, auto_renew }),
        (term, auto_renew) => Err(term
            .err()
            .into_iter()
            .flatten()
            .chain(auto_renew.err())
            .collect()),
    }
}

fn parse_term(input: BillingInput<'_>) -> Result<Term, Vec<FieldError>> {
    let required = |what: &str| {
        Violation::new(
            Rule::BillingTermRequired,
            format!("is required for Subscription ({what})"),
        )
    };
    let unit = match input.period_unit {
        Some(PeriodUnit::Month) => Ok(PeriodUnit::Month),
        Some(PeriodUnit::Year) => Ok(PeriodUnit::Year),
        Some(PeriodUnit::Other(other)) => Err(Violation::new(
            Rule::BillingTerm,
            format!("must be Month or Year, not `{other}`"),
        )
        .at("PeriodUnit")),
        None => Err(required("Month or Year").at("PeriodUnit")),
    };
    let period = match input.period {
        None => Err(required("in months: 1-9, 12, 24 or 36").at("Period")),
        Some(period) => term(unit.as_ref().ok(), period).map_err(|v| v.at("Period")),
    };
    match (unit, period) {
        (Ok(_), Ok(term)) => Ok(term),
        (unit, period) => Err(unit.err().into_iter().chain(period.err()).collect()),
    }
}

/// The term for `period` months; with the unit unknown, checks only the documented values.
fn term(unit: Option<&PeriodUnit>, period: i32) -> Result<Term, Violation> {
    match unit {
        Some(PeriodUnit::Year) if YEAR_PERIODS.contains(&period) => {
            Ok(Term::Years((period / 12) as u8))
        }
        Some(PeriodUnit::Year) => Err(Violation::new(
            Rule::BillingTerm,
            format!(
                "is counted in months even for a yearly subscription: use 12, 24 or 36 \
                 (1, 2 or 3 years), not {period}"
            ),
        )),
        // In range of u8 by the check.
        _ if MONTH_PERIODS.contains(&period) => Ok(Term::Months(period as u8)),
        _ => Err(Violation::new(
            Rule::BillingTerm,
            format!("must be 1-9, 12, 24 or 36 (months), not {period}"),
        )),
    }
}

fn parse_auto_renew(input: BillingInput<'_>) -> Result<Option<AutoRenewPeriod>, FieldError> {
    match (input.auto_renew, input.auto_renew_period) {
        (Some(true), Some(months)) => AutoRenewPeriod::parse(months)
            .map(Some)
            .map_err(|v| v.at("AutoRenewPeriod")),
        (Some(true), None) => Err(Violation::new(
            Rule::BillingAutoRenewPeriod,
            "is required when AutoRenew is true (1, 2, 3, 6 or 12 months)",
        )
        .at("AutoRenewPeriod")),
        (_, Some(_)) => Err(Violation::new(
            Rule::BillingAutoRenewUnused,
            "applies only when AutoRenew is true; set AutoRenew or leave this out",
        )
        .at("AutoRenewPeriod")),
        (_, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fields {
        pay_type: PayType,
        period: Option<i32>,
        period_unit: Option<PeriodUnit>,
        auto_renew: Option<bool>,
        auto_renew_period: Option<i32>,
    }

    fn subscription(period: i32, unit: PeriodUnit) -> Fields {
        Fields {
            pay_type: PayType::Subscription,
            period: Some(period),
            period_unit: Some(unit),
            auto_renew: None,
            auto_renew_period: None,
        }
    }

    fn pay_as_you_go() -> Fields {
        Fields {
            pay_type: PayType::PayAsYouGo,
            period: None,
            period_unit: None,
            auto_renew: None,
            auto_renew_period: None,
        }
    }

    fn parse(f: &Fields) -> Result<Billing, Vec<FieldError>> {
        Billing::parse(BillingInput {
            pay_type: &f.pay_type,
            period: f.period,
            period_unit: f.period_unit.as_ref(),
            auto_renew: f.auto_renew,
            auto_renew_period: f.auto_renew_period,
        })
    }

    /// (field, rule) of every error, in order.
    fn errors(f: &Fields) -> Vec<(String, Rule)> {
        parse(f)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.rule))
            .collect()
    }

    fn one(field: &str, rule: Rule) -> Vec<(String, Rule)> {
        vec![(field.to_owned(), rule)]
    }

    #[test]
    fn pay_as_you_go_takes_no_term() {
        assert_eq!(parse(&pay_as_you_go()).unwrap(), Billing::PayAsYouGo);
        let explicit_no = Fields {
            auto_renew: Some(false),
            ..pay_as_you_go()
        };
        assert_eq!(parse(&explicit_no).unwrap(), Billing::PayAsYouGo);
        let billing = Billing::PayAsYouGo;
        assert_eq!(
            (
                billing.pay_type(),
                billing.period(),
                billing.period_unit(),
                billing.auto_renew()
            ),
            (PayType::PayAsYouGo, None, None, None)
        );
    }

    #[test]
    fn pay_as_you_go_rejects_each_subscription_field() {
        let all = Fields {
            period: Some(1),
            period_unit: Some(PeriodUnit::Month),
            auto_renew: Some(true),
            auto_renew_period: Some(1),
            ..pay_as_you_go()
        };
        let got = errors(&all);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["Period", "PeriodUnit", "AutoRenew", "AutoRenewPeriod"]
        );
        assert!(got.iter().all(|(_, r)| *r == Rule::BillingPayAsYouGo));
        let message = &parse(&Fields {
            period: Some(3),
            ..pay_as_you_go()
        })
        .unwrap_err()[0]
            .message;
        assert!(message.contains("PayAsYouGo"), "{message}");
    }

    #[test]
    fn monthly_periods_at_and_around_every_boundary() {
        for period in MONTH_PERIODS {
            let billing = parse(&subscription(period, PeriodUnit::Month)).unwrap();
            assert_eq!(billing.period(), Some(period));
            assert_eq!(billing.period_unit(), Some(PeriodUnit::Month));
        }
        for period in [0, -1, 10, 11, 13, 18, 23, 25, 35, 37, 48] {
            assert_eq!(
                errors(&subscription(period, PeriodUnit::Month)),
                one("Period", Rule::BillingTerm)
            );
        }
    }

    #[test]
    fn yearly_periods_are_months_in_whole_years() {
        // The seed's own example: PeriodUnit=Year, Period=12.
        let billing = parse(&subscription(12, PeriodUnit::Year)).unwrap();
        assert_eq!(
            billing,
            Billing::Subscription {
                term: Term::Years(1),
                auto_renew: None
            }
        );
        assert_eq!(
            (billing.period(), billing.period_unit()),
            (Some(12), Some(PeriodUnit::Year))
        );
        assert_eq!(
            parse(&subscription(36, PeriodUnit::Year)).unwrap().period(),
            Some(36)
        );
        for period in [1, 2, 3, 6, 9, 11, 13, 48] {
            assert_eq!(
                errors(&subscription(period, PeriodUnit::Year)),
                one("Period", Rule::BillingTerm)
            );
        }
        let message = &parse(&subscription(1, PeriodUnit::Year)).unwrap_err()[0].message;
        assert!(message.contains("use 12, 24 or 36"), "{message}");
    }

    #[test]
    fn subscription_requires_period_and_unit() {
        let neither = Fields {
            period: None,
            period_unit: None,
            ..subscription(1, PeriodUnit::Month)
        };
        assert_eq!(
            errors(&neither),
            vec![
                ("PeriodUnit".to_owned(), Rule::BillingTermRequired),
                ("Period".to_owned(), Rule::BillingTermRequired)
            ]
        );
        let no_unit = Fields {
            period_unit: None,
            ..subscription(1, PeriodUnit::Month)
        };
        assert_eq!(
            errors(&no_unit),
            one("PeriodUnit", Rule::BillingTermRequired)
        );
        let odd_unit = subscription(1, PeriodUnit::Other("Week".into()));
        assert_eq!(errors(&odd_unit), one("PeriodUnit", Rule::BillingTerm));
    }

    #[test]
    fn auto_renew_period_rules() {
        for months in AUTO_RENEW_PERIODS {
            let f = Fields {
                auto_renew: Some(true),
                auto_renew_period: Some(months),
                ..subscription(1, PeriodUnit::Month)
            };
            let billing = parse(&f).unwrap();
            assert_eq!(
                (billing.auto_renew(), billing.auto_renew_period()),
                (Some(true), Some(months))
            );
        }
        for months in [0, 4, 5, 7, 11, 13, 24] {
            let f = Fields {
                auto_renew: Some(true),
                auto_renew_period: Some(months),
                ..subscription(1, PeriodUnit::Month)
            };
            assert_eq!(
                errors(&f),
                one("AutoRenewPeriod", Rule::BillingAutoRenewPeriod)
            );
        }
        let missing = Fields {
            auto_renew: Some(true),
            ..subscription(1, PeriodUnit::Month)
        };
        assert_eq!(
            errors(&missing),
            one("AutoRenewPeriod", Rule::BillingAutoRenewPeriod)
        );
        for auto_renew in [None, Some(false)] {
            let unused = Fields {
                auto_renew,
                auto_renew_period: Some(3),
                ..subscription(1, PeriodUnit::Month)
            };
            assert_eq!(
                errors(&unused),
                one("AutoRenewPeriod", Rule::BillingAutoRenewUnused)
            );
        }
        let off = Fields {
            auto_renew: Some(false),
            ..subscription(1, PeriodUnit::Month)
        };
        assert_eq!(parse(&off).unwrap().auto_renew(), Some(false));
    }

    #[test]
    fn every_broken_field_is_reported_at_once() {
        let f = Fields {
            period: Some(10),
            auto_renew: Some(true),
            auto_renew_period: Some(5),
            ..subscription(1, PeriodUnit::Month)
        };
        assert_eq!(
            errors(&f),
            vec![
                ("Period".to_owned(), Rule::BillingTerm),
                ("AutoRenewPeriod".to_owned(), Rule::BillingAutoRenewPeriod)
            ]
        );
    }

    #[test]
    fn unknown_pay_type_is_named() {
        let f = Fields {
            pay_type: PayType::Other("Prepaid".into()),
            ..pay_as_you_go()
        };
        let err = parse(&f).unwrap_err();
        assert_eq!(
            (err[0].field.as_str(), err[0].rule),
            ("PayType", Rule::BillingPayType)
        );
        assert!(err[0].message.contains("`Prepaid`"));
    }
}
