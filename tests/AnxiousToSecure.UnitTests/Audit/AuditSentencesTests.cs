using System.Reflection;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Web.Components.Shared;

namespace AnxiousToSecure.UnitTests.Audit;

[Trait("Category", "Audit")]
public sealed class AuditSentencesTests
{
    private static readonly Guid PaymentId = Guid.Parse("0199a3c1-6f2e-7c43-9a55-3e1f2b4c5d6e");

    private static AuditLine Line(string action, string? details, string? target = null, string? targetName = null,
        string actor = "admin@example.com", string? actorName = "Dev Admin", string? subject = "Jane", bool gone = false) =>
        new(1, DateTimeOffset.UnixEpoch, actor, action, subject is null && !gone ? null : "u1", "jane@example.com", target, details, actorName, subject, gone, targetName);

    private static string Say(AuditLine line) => AuditSentences.Describe(line, Display.Money).Sentence;

    /// <summary>Every action constant of every area, read from <see cref="AuditActions"/> itself.</summary>
    public static TheoryData<string> EveryAction()
    {
        var data = new TheoryData<string>();
        foreach (var area in typeof(AuditActions).GetNestedTypes())
        {
            foreach (var field in area.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.Name != "Prefix"))
            {
                data.Add((string)field.GetRawConstantValue()!);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryAction))]
    public void Every_action_constant_has_a_sentence_that_names_who_acted_and_not_the_raw_action(string action)
    {
        var sentence = AuditSentences.Sentence(Line(action, "something: a reason"), Display.Money);
        Assert.True(sentence is not null, $"'{action}' has no sentence in AuditSentences");
        Assert.DoesNotContain(action, sentence);
        Assert.Contains("Dev Admin", sentence);
    }

    [Fact]
    public void The_list_of_actions_is_read_in_full()
    {
        Assert.True(EveryAction().Count >= 40, $"only {EveryAction().Count} actions enumerated");
    }

    [Fact]
    public void A_refund_reads_as_who_refunded_how_much_to_whom_and_why()
    {
        Assert.Equal("Dev Admin refunded $149.00 to Jane (reason: Course is not right for her: now).",
            Say(Line(AuditActions.Refund.Requested, $"149.00 USD of payment {PaymentId}: Course is not right for her: now")));
        Assert.Equal("Dev Admin refunded £20.50 to Jane and ended her access (reason: partial).",
            Say(Line(AuditActions.Refund.Requested, $"20.50 GBP of payment {PaymentId}, ending access: partial")));
        Assert.Equal("Dev Admin refunded 500 JPY to Jane (reason: yen).",
            Say(Line(AuditActions.Refund.Requested, $"500 JPY of payment {PaymentId}: yen")));
    }

    [Fact]
    public void Stripes_answers_say_what_happened_to_the_money_and_who_recorded_it()
    {
        Assert.Equal("Stripe confirmed the refund of $149.00 to Jane.",
            Say(Line(AuditActions.Refund.Succeeded, $"149.00 USD of payment {PaymentId} (re_1)", actor: "Stripe", actorName: null)));
        Assert.Equal("Stripe could not refund $149.00 to Jane: insufficient funds (recorded by Dev Admin).",
            Say(Line(AuditActions.Refund.Failed, $"149.00 USD of payment {PaymentId} (re_1): insufficient funds")));
        Assert.Equal("Jane paid $149.00 (recorded by Stripe).",
            Say(Line(AuditActions.Payment.Completed, "149.00 USD, session cs_1, intent pi_1", actor: "Stripe", actorName: null)));
    }

    [Fact]
    public void Admin_actions_on_her_enrollment_carry_their_reason()
    {
        Assert.Equal("Dev Admin ended Jane’s access (revoked: Asked to leave).", Say(Line(AuditActions.Enrollment.Revoked, "Active -> Revoked: Asked to leave")));
        Assert.Equal("Stripe ended Jane’s access (refunded: $149.00 of $149.00 refunded).",
            Say(Line(AuditActions.Enrollment.Revoked, "Active -> Refunded; 149.00 USD of 149.00 USD refunded", actor: "Stripe", actorName: null)));
        Assert.Equal("Dev Admin gave Jane a complimentary place (reason: Scholarship).", Say(Line(AuditActions.Enrollment.Granted, "complimentary access: Scholarship")));
        Assert.Equal("Dev Admin paused Jane’s course (reason: Family emergency).", Say(Line(AuditActions.Enrollment.Paused, "Family emergency")));
        Assert.Equal("Dev Admin made Jane an Admin (reason: new hire).", Say(Line(AuditActions.Role.Granted, "Admin: new hire")));
        Assert.Equal("The system gave Jane a complimentary place (reason: development sample student).",
            Say(Line(AuditActions.Enrollment.Granted, "complimentary access: development sample student", actor: "system", actorName: null)));
    }

    [Fact]
    public void Forgotten_people_are_a_deleted_account_and_lessons_are_named_by_title()
    {
        Assert.Equal("A deleted account opened a deleted account’s record.",
            Say(Line(AuditActions.Student.Viewed, "", actor: AuditActor.DeletedAccountName, actorName: null, subject: null, gone: true)));
        Assert.Equal("Dev Admin moved the lesson “Why we cling” up.",
            Say(Line(AuditActions.Lesson.Moved, "why-we-cling up", "lesson:4", "Why we cling", subject: null)));
        // A lesson deleted since is named by the slug the entry kept.
        Assert.Equal("Dev Admin moved the lesson “why-we-cling” down.", Say(Line(AuditActions.Lesson.Moved, "why-we-cling down", "lesson:4", null, subject: null)));
    }

    [Fact]
    public void A_lesson_edit_names_the_changed_fields_and_carries_a_word_diff_when_the_entry_stored_one()
    {
        var details = LessonEditDetails.Write("welcome", [new FieldChange("BodyMarkdown", "You are safe here.", "You are welcome here.")]);
        var description = AuditSentences.Describe(Line(AuditActions.Lesson.Updated, details, "lesson:1", "Welcome", subject: null), Display.Money);
        Assert.Equal("Dev Admin edited the lesson “Welcome” (changed: lesson text).", description.Sentence);
        var change = Assert.Single(description.Changes);
        Assert.Equal("lesson text", change.Field);
        Assert.Contains(new DiffPart(DiffKind.Removed, "safe"), change.Parts);
        Assert.Contains(new DiffPart(DiffKind.Added, "welcome"), change.Parts);

        // Entries written before edits kept their text name the fields only.
        var old = AuditSentences.Describe(Line(AuditActions.Lesson.Updated, "welcome: Title, BodyMarkdown", "lesson:1", "Welcome", subject: null), Display.Money);
        Assert.Equal("Dev Admin edited the lesson “Welcome” (changed: title, lesson text).", old.Sentence);
        Assert.Empty(old.Changes);
    }

    [Fact]
    public void An_action_it_does_not_know_is_shown_as_stored_rather_than_lost()
    {
        Assert.Null(AuditSentences.Sentence(Line("thing.happened", "x"), Display.Money));
        Assert.Equal("Dev Admin: thing.happened (x).", Say(Line("thing.happened", "x")));
    }
}
