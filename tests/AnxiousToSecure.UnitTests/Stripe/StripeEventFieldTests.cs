using System.Text.Json;
using System.Text.Json.Nodes;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AnxiousToSecure.UnitTests.Stripe;

/// <summary>Every field the ledger takes from a Stripe object, with what a missing or oddly shaped field becomes.</summary>
[Trait("Category", "Stripe")]
public sealed class StripeEventFieldTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly StripeEventReader reader = new(
        Options.Create(new StripeOptions { SecretKey = FakeStripe.SecretKey, WebhookSecret = FakeStripe.WebhookSecret }),
        new FakeTimeProvider(Now));

    private static CheckoutSessionInfo Session(params (string Field, JsonNode? Value)[] changes)
    {
        using var doc = JsonDocument.Parse(FakeStripe.Fixture("checkout.session", changes).ToJsonString());
        return StripeEventReader.ReadSession(doc.RootElement);
    }

    private RefundEventInfo Refund(params (string Field, JsonNode? Value)[] changes) =>
        Assert.IsType<RefundChangedEvent>(reader.Read("refund.updated", FakeStripe.Event("refund.updated", FakeStripe.Fixture("refund", changes), Now))).Refund;

    private DisputeEventInfo Dispute(params (string Field, JsonNode? Value)[] changes) =>
        Assert.IsType<DisputeChangedEvent>(reader.Read("charge.dispute.updated", FakeStripe.Event("charge.dispute.updated", FakeStripe.Fixture("dispute", changes), Now))).Dispute;

    [Fact]
    public void A_session_gives_its_id_url_intent_amount_currency_and_expiry()
    {
        var s = Session(("id", "cs_1"), ("url", "https://checkout.stripe.com/c/cs_1"), ("payment_intent", "pi_1"),
            ("amount_total", 14900), ("currency", "usd"), ("expires_at", 1_775_000_000));

        Assert.Equal(("cs_1", "https://checkout.stripe.com/c/cs_1", "pi_1"), (s.Id, s.Url, s.PaymentIntentId));
        Assert.Equal((14900L, "usd"), (s.AmountTotal, s.Currency));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_775_000_000), s.ExpiresAt);
    }

    [Fact]
    public void Missing_or_null_session_fields_are_unknown_not_zero()
    {
        var s = Session(("url", null), ("payment_intent", null), ("amount_total", null), ("currency", null), ("expires_at", null));

        Assert.Equal<object?[]>([null, null, null, null, null], [s.Url, s.PaymentIntentId, s.AmountTotal, s.Currency, s.ExpiresAt]);
    }

    [Fact]
    public void An_expanded_payment_intent_gives_its_id()
    {
        Assert.Equal("pi_2", Session(("payment_intent", new JsonObject { ["id"] = "pi_2", ["object"] = "payment_intent" })).PaymentIntentId);
        Assert.Null(Session(("payment_intent", new JsonObject { ["object"] = "payment_intent" })).PaymentIntentId);
        Assert.Null(Session(("payment_intent", 42)).PaymentIntentId);
        Assert.Null(Session(("payment_intent", new JsonArray("pi_3"))).PaymentIntentId);
    }

    [Fact]
    public void A_field_of_the_wrong_kind_is_unknown()
    {
        var s = Session(("url", 5), ("amount_total", "14900"), ("currency", new JsonObject { ["code"] = "usd" }));
        Assert.Equal<object?[]>([null, null, null], [s.Url, s.AmountTotal, s.Currency]);
        Assert.Null(Session(("amount_total", 1.5)).AmountTotal);
    }

    [Fact]
    public void Metadata_that_is_not_an_object_names_no_buyer_or_course()
    {
        var s = Session(("client_reference_id", null), ("metadata", "user_id"));
        Assert.Equal(((string?)null, (int?)null), (s.UserId, s.CourseId));

        var none = Session(("client_reference_id", null), ("metadata", null));
        Assert.Equal(((string?)null, (int?)null), (none.UserId, none.CourseId));
    }

    [Fact]
    public void A_session_without_an_id_is_not_a_session()
    {
        var e = Assert.Throws<JsonException>(() => Session(("id", null)));
        Assert.Equal("checkout.session without an id", e.Message);
    }

    [Fact]
    public void A_refund_gives_its_intent_amount_and_failure_reason()
    {
        var r = Refund(("id", "re_1"), ("payment_intent", "pi_1"), ("amount", 2500), ("status", "failed"), ("failure_reason", "expired_or_canceled_card"));

        Assert.Equal(("re_1", "pi_1", 2500L, RefundStatus.Failed, "expired_or_canceled_card"), (r.StripeRefundId, r.PaymentIntentId, r.Amount, r.Status, r.FailureReason));
        Assert.Null(r.OurRefundId);
    }

    [Fact]
    public void A_refund_without_an_amount_or_our_id_reads_as_zero_and_none()
    {
        var r = Refund(("amount", null), ("metadata", new JsonObject { ["refund_id"] = "not-a-guid" }));
        Assert.Equal((0L, (Guid?)null, (string?)null), (r.Amount, r.OurRefundId, r.FailureReason));

        var noMetadata = Refund(("metadata", "text"));
        Assert.Null(noMetadata.OurRefundId);
    }

    [Fact]
    public void A_refund_without_an_id_is_not_a_refund()
    {
        var e = Assert.Throws<JsonException>(() => Refund(("id", null)));
        Assert.Equal("refund without an id", e.Message);
    }

    [Theory]
    [InlineData("refund.created")]
    [InlineData("refund.updated")]
    [InlineData("refund.failed")]
    public void Every_refund_event_type_is_a_refund_change(string type) =>
        Assert.IsType<RefundChangedEvent>(reader.Read(type, FakeStripe.Event(type, FakeStripe.Fixture("refund"), Now)));

    [Theory]
    [InlineData("charge.dispute.created", false)]
    [InlineData("charge.dispute.updated", false)]
    [InlineData("charge.dispute.closed", true)]
    public void Every_dispute_event_type_is_a_dispute_change(string type, bool closed) =>
        Assert.Equal(closed, Assert.IsType<DisputeChangedEvent>(reader.Read(type, FakeStripe.Event(type, FakeStripe.Fixture("dispute"), Now))).Closed);

    [Fact]
    public void A_dispute_gives_its_charge_intent_amount_currency_reason_and_evidence_deadline()
    {
        var d = Dispute(("id", "dp_1"), ("payment_intent", "pi_1"), ("charge", "ch_1"), ("amount", 14900), ("currency", "eur"),
            ("reason", "fraudulent"), ("evidence_details", new JsonObject { ["due_by"] = 1_775_000_000 }));

        Assert.Equal(("dp_1", "pi_1", "ch_1", 14900L, "eur", "fraudulent"), (d.StripeDisputeId, d.PaymentIntentId, d.ChargeId, d.Amount, d.Currency, d.Reason));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_775_000_000), d.EvidenceDueBy);
    }

    [Fact]
    public void A_dispute_missing_its_details_reads_with_safe_defaults()
    {
        var d = Dispute(("payment_intent", null), ("charge", null), ("amount", null), ("currency", null), ("reason", null), ("status", null), ("evidence_details", null));

        Assert.Equal(((string?)null, (string?)null, 0L, "usd", ""), (d.PaymentIntentId, d.ChargeId, d.Amount, d.Currency, d.Reason));
        Assert.Equal(("needs_response", DisputeResult.Undecided), (d.Status, d.Result));
        Assert.Null(d.EvidenceDueBy);
        Assert.Null(Dispute(("evidence_details", "soon")).EvidenceDueBy);
        Assert.Null(Dispute(("evidence_details", new JsonObject())).EvidenceDueBy);
    }

    [Fact]
    public void A_dispute_without_an_id_is_not_a_dispute()
    {
        var e = Assert.Throws<JsonException>(() => Dispute(("id", null)));
        Assert.Equal("dispute without an id", e.Message);
    }

    [Theory]
    [InlineData("""{"type":"x","created":1,"data":{"object":{}}}""", "no id")]
    [InlineData("""{"id":"evt_1","created":1,"data":{"object":{}}}""", "no type")]
    [InlineData("""{"id":"evt_1","type":"x","data":{"object":{}}}""", "no created")]
    [InlineData("""{"id":"evt_1","type":"x","created":1,"data":{"object":"text"}}""", "data.object is not an object")]
    public void An_envelope_says_which_part_is_missing(string json, string message) =>
        Assert.Equal(message, Assert.Throws<JsonException>(() => reader.ReadEnvelope(json)).Message);

    [Fact]
    public void An_envelope_without_an_api_version_is_not_flagged()
    {
        var envelope = reader.ReadEnvelope("""{"id":"evt_1","type":"x","created":1,"data":{"object":{"payment_intent":{"id":"pi_4"}}}}""");
        Assert.Equal(((string?)null, false, "pi_4"), (envelope.ApiVersion, envelope.ApiVersionMismatch, envelope.PaymentIntentId));
    }

    [Fact]
    public void A_signature_over_an_empty_header_is_refused_not_thrown()
    {
        var json = FakeStripe.Event("checkout.session.completed", FakeStripe.Fixture("checkout.session"), Now);
        Assert.NotNull(reader.SignatureProblem(json, ""));
        Assert.NotNull(reader.SignatureProblem(json, null));
    }
}
