using System.Text.Json;
using System.Text.Json.Nodes;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AnxiousToSecure.UnitTests.Stripe;

/// <summary>Stripe's event types and status words become our records and enums here, and nowhere else.</summary>
[Trait("Category", "Stripe")]
public sealed class StripeEventReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly StripeEventReader reader = new(
        Options.Create(new StripeOptions { SecretKey = FakeStripe.SecretKey, WebhookSecret = FakeStripe.WebhookSecret }),
        new FakeTimeProvider(Now));

    [Theory]
    [InlineData("complete", "paid", CheckoutSessionState.Complete, CheckoutPaymentState.Paid, true)]
    [InlineData("complete", "no_payment_required", CheckoutSessionState.Complete, CheckoutPaymentState.NoPaymentRequired, true)]
    [InlineData("complete", "unpaid", CheckoutSessionState.Complete, CheckoutPaymentState.Unpaid, false)]
    [InlineData("expired", "unpaid", CheckoutSessionState.Expired, CheckoutPaymentState.Unpaid, false)]
    [InlineData("open", "unpaid", CheckoutSessionState.Open, CheckoutPaymentState.Unpaid, false)]
    [InlineData(null, null, CheckoutSessionState.Open, CheckoutPaymentState.Unpaid, false)]
    [InlineData("some_future_status", "some_future_status", CheckoutSessionState.Open, CheckoutPaymentState.Unpaid, false)]
    public void Session_status_words_become_our_states(string? status, string? paymentStatus, CheckoutSessionState state, CheckoutPaymentState payment, bool paid)
    {
        var session = Read(FakeStripe.Fixture("checkout.session", ("status", status), ("payment_status", paymentStatus)));

        Assert.Equal(state, session.State);
        Assert.Equal(payment, session.PaymentState);
        Assert.Equal(paid, session.IsPaid);
    }

    [Fact]
    public void A_session_names_its_buyer_and_course_from_the_reference_or_the_metadata()
    {
        var fromMetadata = Read(FakeStripe.Fixture("checkout.session",
            ("client_reference_id", null), ("metadata", new JsonObject { ["user_id"] = "user-1", ["course_id"] = "7" })));
        Assert.Equal(("user-1", 7), (fromMetadata.UserId, fromMetadata.CourseId));

        var fromReference = Read(FakeStripe.Fixture("checkout.session",
            ("client_reference_id", "user-2"), ("metadata", new JsonObject { ["user_id"] = "user-1", ["course_id"] = "x7" })));
        Assert.Equal(("user-2", (int?)null), (fromReference.UserId, fromReference.CourseId));
    }

    [Theory]
    [InlineData("succeeded", RefundStatus.Succeeded)]
    [InlineData("failed", RefundStatus.Failed)]
    [InlineData("canceled", RefundStatus.Canceled)]
    [InlineData("pending", RefundStatus.Pending)]
    [InlineData("requires_action", RefundStatus.Pending)]
    [InlineData(null, RefundStatus.Pending)]
    public void Refund_status_words_become_our_refund_states(string? status, RefundStatus expected)
    {
        var refund = FakeStripe.Fixture("refund", ("id", "re_1"), ("status", status), ("metadata", new JsonObject { ["refund_id"] = Guid.Empty.ToString() }));

        var read = Assert.IsType<RefundChangedEvent>(reader.Read("refund.updated", FakeStripe.Event("refund.updated", refund, Now)));

        Assert.Equal(expected, read.Refund.Status);
        Assert.Equal(Guid.Empty, read.Refund.OurRefundId);
        Assert.Equal(expected, StripeEventReader.RefundState(status));
    }

    [Theory]
    [InlineData("won", DisputeResult.Won)]
    [InlineData("warning_closed", DisputeResult.Won)]
    [InlineData("lost", DisputeResult.Lost)]
    [InlineData("needs_response", DisputeResult.Undecided)]
    [InlineData("under_review", DisputeResult.Undecided)]
    public void Dispute_status_words_become_a_result_and_are_kept_for_staff(string status, DisputeResult expected)
    {
        var dispute = FakeStripe.Fixture("dispute", ("id", "dp_1"), ("status", status));

        var read = Assert.IsType<DisputeChangedEvent>(reader.Read("charge.dispute.closed", FakeStripe.Event("charge.dispute.closed", dispute, Now)));

        Assert.True(read.Closed);
        Assert.Equal(expected, read.Dispute.Result);
        Assert.Equal(status, read.Dispute.Status);
    }

    [Theory]
    [InlineData("checkout.session.completed", typeof(CheckoutCompletedEvent))]
    [InlineData("checkout.session.async_payment_succeeded", typeof(CheckoutCompletedEvent))]
    [InlineData("checkout.session.async_payment_failed", typeof(CheckoutFailedEvent))]
    [InlineData("checkout.session.expired", typeof(CheckoutFailedEvent))]
    [InlineData("plan.created", typeof(IgnoredEvent))]
    public void Checkout_event_types_become_our_events(string type, Type expected)
    {
        var json = FakeStripe.Event(type, FakeStripe.Fixture("checkout.session"), Now);

        Assert.IsType(expected, reader.Read(type, json));
    }

    [Fact]
    public void Charge_and_dispute_event_types_become_our_events()
    {
        var charge = Assert.IsType<ChargeRefundedEvent>(reader.Read("charge.refunded",
            FakeStripe.Event("charge.refunded", FakeStripe.Fixture("charge", ("payment_intent", "pi_1"), ("amount_refunded", 500)), Now)));
        Assert.Equal(("pi_1", 500L), (charge.PaymentIntentId, charge.AmountRefunded));

        var opened = Assert.IsType<DisputeChangedEvent>(reader.Read("charge.dispute.created",
            FakeStripe.Event("charge.dispute.created", FakeStripe.Fixture("dispute"), Now)));
        Assert.False(opened.Closed);
    }

    [Fact]
    public void The_envelope_flags_an_event_from_another_API_version()
    {
        var current = reader.ReadEnvelope(FakeStripe.Event("checkout.session.completed", FakeStripe.Fixture("checkout.session", ("payment_intent", "pi_9")), Now, id: "evt_1"));
        var old = reader.ReadEnvelope(FakeStripe.Event("checkout.session.completed", FakeStripe.Fixture("checkout.session"), Now, apiVersion: "2020-08-27"));

        Assert.Equal(("evt_1", "checkout.session.completed", "pi_9", Now), (current.Id, current.Type, current.PaymentIntentId, current.Created));
        Assert.False(current.ApiVersionMismatch);
        Assert.True(old.ApiVersionMismatch);
    }

    [Theory]
    [InlineData("""{"id":"evt_1","type":"x","created":1}""")]
    [InlineData("""{"type":"x","created":1,"data":{"object":{}}}""")]
    [InlineData("""{"id":"evt_1","type":"x","created":1,"data":{"object":"text"}}""")]
    [InlineData("""[]""")]
    public void An_unreadable_envelope_is_a_json_error(string json) =>
        Assert.ThrowsAny<JsonException>(() => reader.ReadEnvelope(json));

    [Fact]
    public void Only_a_fresh_signature_with_our_secret_is_good()
    {
        var json = FakeStripe.Event("checkout.session.completed", FakeStripe.Fixture("checkout.session"), Now);

        Assert.Null(reader.SignatureProblem(json, FakeStripe.Sign(json, Now)));
        Assert.NotNull(reader.SignatureProblem(json, FakeStripe.Sign(json, Now, "whsec_someone_else")));
        Assert.NotNull(reader.SignatureProblem(json, FakeStripe.Sign(json, Now.AddMinutes(-10))));
        Assert.NotNull(reader.SignatureProblem(json, null));
    }

    private static CheckoutSessionInfo Read(JsonObject session)
    {
        using var doc = JsonDocument.Parse(session.ToJsonString());
        return StripeEventReader.ReadSession(doc.RootElement);
    }
}
