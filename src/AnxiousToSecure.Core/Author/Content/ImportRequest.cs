using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>
/// Who imports and from what (a zip's SHA-256, a folder), for the audit entry written with the import.
/// Only an admin may change what the course costs: an instructor's import must carry the course's
/// current price and currency.
/// </summary>
public sealed record ImportRequest(AuditActor Actor, string Source, bool MayChangePrice)
{
    /// <summary>Null when the import may go ahead, else why not (for people to read).</summary>
    public string? PriceProblem(Catalog.Course? current, CourseDocument doc)
    {
        if (MayChangePrice) return null;
        if (current is null) return "Only an admin can import a new course, because its files set the price.";
        if (Checkout.PlanTerms.Of(current) != doc.PaymentPlan)
        {
            return $"Only an admin can change the payment plan: course.yml says {Checkout.PlanTerms.Describe(doc.PaymentPlan, doc.Currency)}, " +
                $"the course offers {Checkout.PlanTerms.Describe(Checkout.PlanTerms.Of(current), current.Currency)}. Put the current plan back in course.yml, or ask an admin.";
        }
        if (current.PriceMinor == doc.PriceMinor && current.Currency == doc.Currency) return null;
        return $"Only an admin can change the price or currency: course.yml says {MoneyText.Format(doc.PriceMinor, doc.Currency)}, " +
            $"the course costs {MoneyText.Format(current.PriceMinor, current.Currency)}. Put the current price back in course.yml, or ask an admin.";
    }
}

/// <summary>The import is not this person's to make; nothing was changed.</summary>
public sealed class ImportNotAllowedException(string message) : Exception(message);
