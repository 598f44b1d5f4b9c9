using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>The app with Stripe Tax and invoices for one-time payments turned on.</summary>
public sealed class TaxAndInvoiceAppFactory : AppFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Stripe:AutomaticTax", "true"),
        new("Stripe:InvoiceCreation", "true"),
    ];
}

/// <summary>Stripe Tax and invoices on: the session asks for both, prices say "plus tax where applicable", purchases link to the invoice.</summary>
[Trait("Category", "Checkout")]
public sealed class TaxAndInvoiceOnTests(TaxAndInvoiceAppFactory app) : PaymentHarness(app), IClassFixture<TaxAndInvoiceAppFactory>
{
    [Fact]
    public async Task The_session_has_automatic_tax_and_invoice_creation_and_prices_are_before_tax()
    {
        var (client, _) = await StudentAsync();
        var (_, course) = await client.GetAsync("/");
        Assert.Contains(TaxNote.Words, course.QuerySelector(".price")!.TextContent);

        var id = await StartCheckoutAsync(client);
        var session = App.Stripe.Sessions.Single(s => (string?)s["id"] == id);
        Assert.True((bool)session["automatic_tax"]!["enabled"]!);
        Assert.True((bool)session["invoice_creation"]!["enabled"]!);
        Assert.Equal("exclusive", (string?)session["line_item_tax_behavior"]);
    }

    [Fact]
    public async Task The_purchases_page_links_to_the_invoice_once_Stripe_has_made_it()
    {
        var (client, student) = await StudentAsync();
        App.Stripe.InvoicesLate = true;
        try
        {
            await PayAndNotifyAsync(await StartCheckoutAsync(client));
        }
        finally
        {
            App.Stripe.InvoicesLate = false;
        }
        // At the webhook only the charge's receipt existed: it is kept meanwhile, and the invoice is asked for again.
        var payment = Assert.Single(await PaymentsOfAsync(student));
        Assert.Equal((false, $"https://pay.stripe.test/receipts/ch_fake{payment.PaymentIntentId![^6..]}"), (payment.ReceiptIsInvoice, payment.ReceiptUrl));

        var (_, purchases) = await client.GetAsync("/purchases");
        var link = purchases.QuerySelector($"#receipt-{payment.Id}")!;
        Assert.Equal($"https://invoice.stripe.test/i/in_fake{payment.PaymentIntentId[^6..]}", link.GetAttribute("href"));
        Assert.StartsWith("Your invoice", link.TextContent);
    }
}

/// <summary>Tax and invoices off (the defaults): neither is asked for, prices carry no tax note, purchases link to Stripe's receipt.</summary>
[Trait("Category", "Checkout")]
public sealed class TaxAndInvoiceOffTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_session_has_neither_and_the_purchases_page_links_to_the_receipt()
    {
        var (client, student) = await StudentAsync();
        var (_, course) = await client.GetAsync("/");
        Assert.DoesNotContain(TaxNote.Words, course.DocumentElement.TextContent);

        var sessionId = await StartCheckoutAsync(client);
        var session = App.Stripe.Sessions.Single(s => (string?)s["id"] == sessionId);
        Assert.False((bool)session["automatic_tax"]!["enabled"]!);
        Assert.False((bool)session["invoice_creation"]!["enabled"]!);
        Assert.Null((string?)session["line_item_tax_behavior"]);

        await PayAndNotifyAsync(sessionId);
        var payment = Assert.Single(await PaymentsOfAsync(student));
        var (_, purchases) = await client.GetAsync("/purchases");
        var link = purchases.QuerySelector($"#receipt-{payment.Id}")!;
        Assert.Equal($"https://pay.stripe.test/receipts/ch_fake{payment.PaymentIntentId![^6..]}", link.GetAttribute("href"));
        Assert.StartsWith("Your receipt", link.TextContent);
    }
}
