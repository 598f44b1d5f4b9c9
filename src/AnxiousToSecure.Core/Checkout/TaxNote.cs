using AnxiousToSecure.Core.Stripe;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// Whether a price shown to a buyer is before tax: with Stripe Tax on, every price on the course page,
/// beside the Enroll button and on the test checkout carries the same words.
/// </summary>
public sealed class TaxNote(IOptions<StripeOptions> options)
{
    public const string Words = "plus tax where applicable";

    /// <summary>The words to show after a price, or null when prices are final (tax off).</summary>
    public string? Text => For(options.Value.AutomaticTax);

    public static string? For(bool automaticTax) => automaticTax ? Words : null;
}
