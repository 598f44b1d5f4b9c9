using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AnxiousToSecure.Core.Observability;

/// <summary>Which email an email metric counts.</summary>
public enum EmailKind
{
    Lesson,
    Account,
}

/// <summary>What became of one attempt to send an email.</summary>
public enum EmailOutcome
{
    Sent,

    /// <summary>The attempt failed and will be tried again.</summary>
    Failed,

    /// <summary>The attempt failed and was the last one (lesson email after its maximum attempts).</summary>
    GaveUp,
}

/// <summary>
/// The app's own metrics, on one meter named after the app (<see cref="AppTelemetry.Name"/>). Tags are
/// small fixed sets (kinds, outcomes, Stripe event types): never a user, an address or an amount.
/// Recording with no listener costs a flag check.
/// </summary>
public sealed class AppMetrics
{
    private readonly Counter<long> lessonViews;
    private readonly Counter<long> lessonCompletions;
    private readonly Counter<long> emails;
    private readonly Counter<long> webhookEvents;
    private readonly Counter<long> checkoutsStarted;
    private readonly Counter<long> checkoutsFulfilled;

    public AppMetrics(IMeterFactory meters, EmailBacklogGauge backlog)
    {
        var meter = meters.Create(AppTelemetry.Name);
        lessonViews = meter.CreateCounter<long>("ats.lesson.views", "{view}", "Lessons opened by students.");
        lessonCompletions = meter.CreateCounter<long>("ats.lesson.completions", "{completion}", "Lessons marked complete by students.");
        emails = meter.CreateCounter<long>("ats.email.attempts", "{email}", "Attempts to send an email, by kind and outcome.");
        webhookEvents = meter.CreateCounter<long>("ats.webhook.events", "{event}", "Stripe webhook events received, by type and outcome.");
        checkoutsStarted = meter.CreateCounter<long>("ats.checkout.started", "{checkout}", "Checkout sessions created at Stripe.");
        checkoutsFulfilled = meter.CreateCounter<long>("ats.checkout.fulfilled", "{checkout}", "Checkouts that became a paid payment.");
        meter.CreateObservableGauge<long>("ats.email.pending", backlog.Observe, "{email}", "Emails waiting to be sent, by kind (read at most every 30 s).");
    }

    /// <summary>A student opened a lesson she has access to.</summary>
    public void LessonOpened() => lessonViews.Add(1);

    /// <summary>A student marked a lesson complete.</summary>
    public void LessonCompleted() => lessonCompletions.Add(1);

    public void Email(EmailKind kind, EmailOutcome outcome) =>
        emails.Add(1, new TagList { { "kind", Tag(kind) }, { "outcome", Tag(outcome) } });

    /// <param name="type">The provider's event type, or null when the event could not be read.</param>
    public void WebhookEvent(string? type, string outcome) =>
        webhookEvents.Add(1, new TagList { { "type", type ?? "unknown" }, { "outcome", outcome } });

    public void CheckoutStarted() => checkoutsStarted.Add(1);

    public void CheckoutFulfilled() => checkoutsFulfilled.Add(1);

    internal static string Tag(EmailKind kind) => kind == EmailKind.Lesson ? "lesson" : "account";

    private static string Tag(EmailOutcome outcome) => outcome switch
    {
        EmailOutcome.Sent => "sent",
        EmailOutcome.Failed => "failed",
        _ => "gave_up",
    };
}
