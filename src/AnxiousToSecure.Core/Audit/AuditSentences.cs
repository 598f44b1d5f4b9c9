using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Core.Audit;

/// <summary>An entry as a sentence, and for a lesson edit each changed field with its word diff.</summary>
public sealed record AuditDescription(string Sentence, IReadOnlyList<AuditFieldDiff> Changes);

public sealed record AuditFieldDiff(string Field, IReadOnlyList<DiffPart> Parts);

/// <summary>
/// The one place that says what each audit action means, as a sentence for people:
/// "Dev Admin refunded $149.00 to Jane (reason: ...)". Every constant of <see cref="AuditActions"/>
/// has its sentence (a unit test enumerates them). Details are read as the writers have always
/// written them; a detail in a shape this does not know is shown as it is rather than lost.
/// </summary>
public static partial class AuditSentences
{
    /// <param name="money">How the page writes an amount in minor units of a currency.</param>
    public static AuditDescription Describe(AuditLine line, Func<long, string, string> money)
    {
        var sentence = Finish(Sentence(line, money) ?? $"{line.Who}: {line.Action}{Raw(line.Details)}");
        var changes = line.Action is AuditActions.Lesson.Updated or AuditActions.Lesson.Published
            ? LessonEditDetails.Read(line.Details).Select(c => new AuditFieldDiff(FieldName(c.Field), WordDiff.Compute(c.Before, c.After))).ToList()
            : [];
        return new AuditDescription(sentence, changes);
    }

    /// <summary>The sentence for a known action; null for an action this does not know.</summary>
    internal static string? Sentence(AuditLine line, Func<long, string, string> money)
    {
        var who = line.Who;
        var her = line.Whom ?? "someone";
        var d = line.Details ?? "";
        var what = line.TargetName is { Length: > 0 } title ? $"“{title}”" : null;
        return line.Action switch
        {
            AuditActions.Enrollment.Granted => d.StartsWith("already had access", StringComparison.Ordinal)
                ? $"{who} confirmed that {her} already had access{Because(d)}"
                : $"{who} gave {her} a complimentary place{Because(d)}",
            AuditActions.Enrollment.Revoked => StatusChange(d) is { } change
                ? $"{who} ended {Possessive(her)} access ({Lower(change.Status)}{(change.Why.Length > 0 ? ": " + Amounts(change.Why, money) : "")})"
                : $"{who} ended {Possessive(her)} access{Raw(d)}",
            AuditActions.Enrollment.Restored => $"{who} restored {Possessive(her)} access{Because(d)}",
            AuditActions.Enrollment.UnlockedAll => $"{who} opened every published lesson for {her}{OpenedCount(d)}{Because(d)}",
            AuditActions.Enrollment.Paused => $"{who} paused {Possessive(her)} course{ReasonOnly(d)}",
            AuditActions.Enrollment.Resumed => $"{who} resumed {Possessive(her)} course{ReasonOnly(d)}",
            AuditActions.Enrollment.OpenedEarly => $"{who} opened the next lesson ahead of the schedule ({d})",
            AuditActions.Student.Viewed => $"{who} opened {Possessive(her)} record",
            AuditActions.Role.Granted => $"{who} made {her} {Article(Before(d))}{Because(d)}",
            AuditActions.Role.Removed => $"{who} removed the {Before(d)} role from {her}{Because(d)}",
            AuditActions.Account.PasswordChanged => $"{who} changed their password{From(d)}",
            AuditActions.Account.PasswordReset => $"{who} reset their password from an emailed link{From(d)}",
            AuditActions.Account.PasswordAdded => $"{who} added a password to their account{From(d)}",
            AuditActions.Account.EmailChanged => $"{who} changed their email address{From(d)}",
            AuditActions.Account.TwoFactorEnabled => $"{who} turned on two-factor sign-in{From(d)}",
            AuditActions.Account.TwoFactorDisabled => $"{who} turned off two-factor sign-in{From(d)}",
            AuditActions.Account.AuthenticatorReset => $"{who} reset their authenticator app key{From(d)}",
            AuditActions.Account.RecoveryCodesGenerated => $"{who} made new recovery codes{From(d)}",
            AuditActions.Account.PasskeyAdded => $"{who} added a passkey{From(d)}",
            AuditActions.Account.PasskeyRemoved => $"{who} removed a passkey{From(d)}",
            AuditActions.Account.SignedOutEverywhere => $"{who} signed out on every device{From(d)}",
            AuditActions.Email.Retried => $"{who} sent {Possessive(her)} lesson email “{Before(d)}” again{Because(d)}",
            AuditActions.Lesson.Created => $"{who} created the lesson {what ?? Quote(FirstWord(d))}",
            AuditActions.Lesson.Updated => $"{who} edited the lesson {what ?? Quote(Before(LessonEditDetails.Summary(d)))} ({ChangedFields(d)})",
            AuditActions.Lesson.Moved => $"{who} moved the lesson {what ?? Quote(FirstWord(d))} {(d.EndsWith(" up", StringComparison.Ordinal) ? "up" : "down")}",
            AuditActions.Lesson.Unpublished => $"{who} asked to delete the lesson {what ?? Quote(Before(d))}; students have reached it, so it was unpublished instead",
            AuditActions.Lesson.Deleted => $"{who} deleted the lesson {Quote(d)}",
            AuditActions.Lesson.DraftSaved => $"{who} kept a draft of the lesson {what ?? Quote(Before(d))} ({FieldList(d)}); students still read the published text",
            AuditActions.Lesson.Published => $"{who} published the draft of the lesson {what ?? Quote(Before(LessonEditDetails.Summary(d)))} ({ChangedFields(d)})",
            AuditActions.Lesson.DraftDiscarded => $"{who} discarded the draft of the lesson {what ?? Quote(d)}",
            AuditActions.Note.Approved => $"{who} approved {Possessive(her)} note to the author for the course page",
            AuditActions.Note.Withdrawn => $"{who} withdrew {Possessive(her)} note to the author from the course page",
            AuditActions.Refund.AskedByStudent => $"{who} asked for a refund; an admin decides",
            AuditActions.Course.EarlyUnlockChanged => $"{who} set how many lessons students may open early ({d})",
            AuditActions.Course.Imported => $"{who} imported the course files ({d})",
            AuditActions.Course.SalesPageEdited => $"{who} edited the course page ({d})",
            AuditActions.Module.Created => $"{who} created the module {what ?? Quote(d)}",
            AuditActions.Module.Renamed => ModuleRename().Match(d) is { Success: true } m
                ? $"{who} renamed the module “{m.Groups["from"].Value}” to “{m.Groups["to"].Value}”"
                : $"{who} renamed the module {what ?? ""}{Raw(d)}",
            AuditActions.Module.Moved => $"{who} moved the module {what ?? Quote(FirstWord(d))} {(d.EndsWith(" up", StringComparison.Ordinal) ? "up" : "down")}",
            AuditActions.Attachment.Added => $"{who} added the file {Quote(FileName(d))} to {what ?? "a lesson"}",
            AuditActions.Attachment.Replaced => $"{who} replaced the file {Quote(FileName(d))} of {what ?? "a lesson"}",
            AuditActions.Attachment.Deleted => $"{who} deleted the file {Quote(FileName(d))} from {what ?? "a lesson"}",
            AuditActions.Attachment.AudioChosen => $"{who} made the file {Quote(FileName(d))} the audio version of {what ?? "a lesson"}",
            AuditActions.Attachment.AudioCleared => $"{who} took the audio version {Quote(FileName(d))} off {what ?? "a lesson"}",
            AuditActions.Payment.Completed => $"{her} paid {FirstAmount(d, money) ?? "for the course"}{ReportedBy(who, her)}",
            AuditActions.Payment.Failed => $"{Possessive(her)} payment failed{ReportedBy(who, her)}",
            AuditActions.Refund.Requested => RefundRequest().Match(d) is { Success: true } r
                ? $"{who} refunded {Amount(r.Groups["amount"].Value, money)} to {her}{(r.Groups["end"].Success ? " and ended her access" : "")} (reason: {r.Groups["reason"].Value})"
                : $"{who} asked Stripe to refund {her}{Raw(d)}",
            AuditActions.Refund.Pending => $"Stripe accepted the refund of {FirstAmount(d, money) ?? "money"} to {her}; it is on its way{ReportedBy(who, "Stripe")}",
            AuditActions.Refund.Succeeded => $"Stripe confirmed the refund of {FirstAmount(d, money) ?? "money"} to {her}{ReportedBy(who, "Stripe")}",
            AuditActions.Refund.Failed => $"Stripe could not refund {FirstAmount(d, money) ?? "money"} to {her}{AfterColon(d)}{ReportedBy(who, "Stripe")}",
            AuditActions.Refund.Canceled => $"The refund of {FirstAmount(d, money) ?? "money"} to {her} was cancelled at Stripe{AfterColon(d)}{ReportedBy(who, "Stripe")}",
            AuditActions.Gift.Created => $"{who} started buying the course as a gift{Raw(d)}",
            AuditActions.Gift.Scheduled => $"{Possessive(her)} gift is paid and will be delivered{Raw(d)}{ReportedBy(who, her)}",
            AuditActions.Gift.Abandoned => $"{Possessive(her)} gift checkout ended unpaid{ReportedBy(who, her)}",
            AuditActions.Gift.Sent => $"{Possessive(her)} gift was delivered to its recipient{Raw(d)}{ReportedBy(who, her)}",
            AuditActions.Gift.DateChanged => $"{who} moved the delivery of a gift{Raw(d)}",
            AuditActions.Gift.ResendRequested => $"{who} asked for a gift email to be sent again; the earlier link no longer works",
            AuditActions.Gift.Redeemed => $"{her} redeemed a gift, so her course started{Raw(d)}{ReportedBy(who, her)}",
            AuditActions.Gift.Ended => $"{Possessive(her)} unredeemed gift ended with a refund, so its link no longer works{Raw(d)}{ReportedBy(who, her)}",
            AuditActions.Code.Created => $"{who} made the promotion code {d}",
            AuditActions.Code.Ended => $"{who} ended the promotion code {d}",
            AuditActions.Dispute.Opened => $"{her} disputed the payment with her bank, so her access is on hold{DisputeFacts(d)}{ReportedBy(who, her)}",
            AuditActions.Dispute.Won => $"{Possessive(her)} dispute closed in our favour, so her access is back{ReportedBy(who, her)}",
            AuditActions.Dispute.Lost => $"{Possessive(her)} dispute closed against us, so her access ended{ReportedBy(who, her)}",
            _ => PlanSentence(line.Action, who, her, d, money),
        };
    }

    /// <summary>A capital first letter ("a deleted account paid" starts a sentence too) and a full stop.</summary>
    private static string Finish(string sentence)
    {
        var capital = sentence.Length > 0 ? char.ToUpperInvariant(sentence[0]) + sentence[1..] : sentence;
        return capital.EndsWith('.') || capital.EndsWith('!') || capital.EndsWith('?') ? capital : capital + ".";
    }

    /// <summary>How a lesson field is called in the editor.</summary>
    public static string FieldName(string field) => field switch
    {
        "BodyMarkdown" => "lesson text",
        "Title" => "title",
        "Slug" => "address",
        "ReleaseAfterDays" => "release day",
        "Minutes" => "minutes",
        "Practice" => "practice",
        "ReflectionPrompt" => "reflection prompt",
        "ContentNote" => "content note",
        "Published" => "published",
        _ => field,
    };

    [GeneratedRegex(@"^(?<amount>-?\d+(?:\.\d+)? [A-Z]{3}) of payment [0-9a-fA-F-]{36}(?<end>, ending access)?: (?<reason>.*)$", RegexOptions.Singleline)]
    private static partial Regex RefundRequest();

    [GeneratedRegex(@"-?\d+(?:\.\d+)? [A-Z]{3}\b")]
    private static partial Regex MoneyInText();

    [GeneratedRegex(@"^'(?<from>.*)' -> '(?<to>.*)'$", RegexOptions.Singleline)]
    private static partial Regex ModuleRename();

    [GeneratedRegex(@"^(?<before>\w+) -> (?<status>\w+)(?:[:;] (?<why>.*))?$", RegexOptions.Singleline)]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"^(?<count>\d+) lesson\(s\) opened")]
    private static partial Regex OpenedPattern();

    /// <summary>Names who recorded an event that is not theirs (Stripe's answer, her own payment); nothing when it is.</summary>
    private static string ReportedBy(string who, string own) => who == own ? "" : $" (recorded by {who})";

    private static string Possessive(string name) => name.EndsWith('s') ? name + "’" : name + "’s";

    private static string Lower(string text) => text.ToLowerInvariant();

    private static string Quote(string text) => $"“{text}”";

    private static string Raw(string? details) => string.IsNullOrWhiteSpace(details) ? "" : $" ({details})";

    /// <summary>What comes before the first ": " (the slug, role or status the writer put first).</summary>
    private static string Before(string details)
    {
        var at = details.IndexOf(": ", StringComparison.Ordinal);
        return at < 0 ? details : details[..at];
    }

    private static string FirstWord(string details) => details.Split(' ')[0];

    /// <summary>"slug: Title, BodyMarkdown" as the editor calls the fields: "title, lesson text".</summary>
    private static string FieldList(string details)
    {
        var at = details.IndexOf(": ", StringComparison.Ordinal);
        return at < 0 ? "no changes" : string.Join(", ", details[(at + 2)..].Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(FieldName));
    }

    /// <summary>" (reason: ...)" from details shaped "what: reason"; details with no reason add nothing.</summary>
    private static string Because(string details)
    {
        var at = details.IndexOf(": ", StringComparison.Ordinal);
        return at < 0 ? "" : $" (reason: {details[(at + 2)..]})";
    }

    /// <summary>For details that are only the reason.</summary>
    private static string ReasonOnly(string details) => string.IsNullOrWhiteSpace(details) ? "" : $" (reason: {details})";

    private static string AfterColon(string details)
    {
        var at = details.IndexOf("): ", StringComparison.Ordinal);
        return at < 0 ? "" : $": {details[(at + 3)..]}";
    }

    private static string From(string details) => details.StartsWith("from ", StringComparison.Ordinal) ? $" ({details})" : Raw(details);

    private static string Article(string role) => role.Length > 0 && "AEIOU".Contains(char.ToUpperInvariant(role[0])) ? $"an {role}" : $"a {role}";

    private static string OpenedCount(string details) =>
        OpenedPattern().Match(details) is { Success: true } m ? $" ({m.Groups["count"].Value} opened)" : "";

    private static string ChangedFields(string? details)
    {
        var summary = LessonEditDetails.Summary(details);
        var at = summary.IndexOf(": ", StringComparison.Ordinal);
        var fields = at < 0 ? [] : summary[(at + 2)..].Split(", ", StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 0 ? "no field named" : "changed: " + string.Join(", ", fields.Select(FieldName));
    }

    private static string FileName(string details)
    {
        var path = details.Split(" (")[0];
        return path[(path.IndexOf('/') + 1)..];
    }

    private static string DisputeFacts(string details)
    {
        return StatusChange(details) is { } status && status.Why.Length > 0 ? $" ({status.Why})" : "";
    }

    private static (string Status, string Why)? StatusChange(string details) =>
        StatusPattern().Match(details) is { Success: true } m ? (m.Groups["status"].Value, m.Groups["why"].Value) : null;

    /// <summary>"149.00 USD" as the page writes money; text that is not an amount is kept.</summary>
    private static string Amount(string text, Func<long, string, string> money)
    {
        var space = text.LastIndexOf(' ');
        if (space < 0) return text;
        var currency = text[(space + 1)..].ToLowerInvariant();
        var number = text[..space];
        if (!MoneyText.TryParseMinor(number, currency, out var minor)) return text;
        return money(minor, currency);
    }

    private static string? FirstAmount(string details, Func<long, string, string> money) =>
        MoneyInText().Match(details) is { Success: true } m ? Amount(m.Value, money) : null;

    /// <summary>Every amount in a text, as the page writes money.</summary>
    private static string Amounts(string text, Func<long, string, string> money) => MoneyInText().Replace(text, m => Amount(m.Value, money));
}
