using System.Globalization;
using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Stripe;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>Nothing was made or changed; the sentence says why, in words for the admin.</summary>
public sealed class PromotionCodeRefusedException(string message) : Exception(message);

/// <summary>What the admin typed on the codes page, as text: this service reads and checks it.</summary>
/// <param name="Kind"><c>percent</c> or <c>amount</c>.</param>
/// <param name="ExpiresOn">The last day the code works (ISO date, in the admin's zone), or empty for no end date.</param>
public sealed record NewPromotionCode(string? Code, string? Kind, string? Value, string? ExpiresOn, string? MaxRedemptions, string? Reason);

/// <summary>One code as the codes page lists it.</summary>
/// <param name="Purchases">Paid purchases made with it here.</param>
/// <param name="ProviderRedemptions">Stripe's own count (times_redeemed); null when Stripe could not be asked or does not list it.</param>
public sealed record PromotionCodeRow(PromotionCode Code, int Purchases, long? ProviderRedemptions, string? Unusable);

/// <summary>A code from a share link, looked up for the course page and checkout.</summary>
/// <param name="Problem">Why it cannot be used ("has expired"), or null when it can; for an unknown code "is not one of ours".</param>
public sealed record PromotionCodeLookup(string Typed, PromotionCode? Code, string? Problem)
{
    public bool Usable => Code is not null && Problem is null;
}

/// <summary>
/// Promotion codes an admin makes and ends from /admin/codes: Stripe's coupon and promotion code through
/// the payment gateway, our row for checkout and counting, an audit entry for each change.
/// </summary>
public sealed class PromotionCodes(AppDbContext db, IPaymentGateway gateway, IOptions<StripeOptions> stripe, TimeProvider time, ILogger<PromotionCodes> log)
{
    public const string Kinds = "percent or amount";

    /// <summary>Every code, newest first, with how often it was used here and at Stripe.</summary>
    public async Task<IReadOnlyList<PromotionCodeRow>> ListAsync(CancellationToken ct = default)
    {
        var codes = await db.PromotionCodes.AsNoTracking().OrderByDescending(c => c.CreatedAt).ToListAsync(ct);
        var used = await UsedAsync(null, ct);
        IReadOnlyDictionary<string, long>? atStripe = null;
        if (codes.Count > 0)
        {
            try
            {
                atStripe = await gateway.PromotionCodeRedemptionsAsync(ct);
            }
            catch (PaymentGatewayException e)
            {
                log.LogWarning("Stripe's promotion code counts could not be read: {Reason}", e.Message);
            }
        }
        var now = time.GetUtcNow();
        return [.. codes.Select(c =>
        {
            var n = used.GetValueOrDefault(c.Id);
            long? provider = atStripe is not null && atStripe.TryGetValue(c.ProviderPromotionCodeId, out var r) ? r : null;
            return new PromotionCodeRow(c, n, provider, PromotionCodeRules.Unusable(c, now, n));
        })];
    }

    /// <summary>The code of a share link, if it is ours and can be used now.</summary>
    public async Task<PromotionCodeLookup?> LookUpAsync(string? typed, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var shown = typed.Trim();
        if (shown.Length > PromotionCodeRules.MaxCodeLength) shown = shown[..PromotionCodeRules.MaxCodeLength];
        var normal = PromotionCodeRules.Normalize(typed);
        var code = normal is null ? null : await db.PromotionCodes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == normal, ct);
        if (code is null) return new PromotionCodeLookup(shown, null, "is not a code we know");
        var used = (await UsedAsync(code.Id, ct)).GetValueOrDefault(code.Id);
        return new PromotionCodeLookup(code.Code, code, PromotionCodeRules.Unusable(code, time.GetUtcNow(), used));
    }

    public async Task<PromotionCode> CreateAsync(NewPromotionCode input, TimeZoneInfo adminZone, AuditActor actor, CancellationToken ct = default)
    {
        var reason = Refuse(AdminReason.Problem(input.Reason)) ?? input.Reason!.Trim();
        var code = PromotionCodeRules.Normalize(input.Code) ?? throw new PromotionCodeRefusedException($"'{input.Code?.Trim()}' cannot be a code. {PromotionCodeRules.CodeShape}");
        var course = await db.Courses.AsNoTracking().TheCourse().FirstOrDefaultAsync(ct)
            ?? throw new PromotionCodeRefusedException("There is no course to sell yet, so a code would have nothing to take off.");

        int? percent = null;
        long? amount = null;
        var value = input.Value?.Trim() ?? "";
        switch (input.Kind)
        {
            case "percent":
                if (!int.TryParse(value.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 100)
                {
                    throw new PromotionCodeRefusedException($"'{value}' is not a percentage. Write a whole number from 1 to 100, e.g. 20.");
                }
                percent = p;
                break;
            case "amount":
                if (!MoneyText.TryParseMinor(value, course.Currency, out var a) || a <= 0)
                {
                    throw new PromotionCodeRefusedException($"'{value}' is not an amount. Write it like 25.00 (in {course.Currency.ToUpperInvariant()}).");
                }
                if (a > course.PriceMinor)
                {
                    throw new PromotionCodeRefusedException($"{MoneyText.Format(a, course.Currency)} is more than the course costs ({MoneyText.Format(course.PriceMinor, course.Currency)}).");
                }
                amount = a;
                break;
            default:
                throw new PromotionCodeRefusedException("Choose whether the code takes a percentage or an amount off.");
        }

        var now = time.GetUtcNow();
        DateTimeOffset? expires = null;
        if (!string.IsNullOrWhiteSpace(input.ExpiresOn))
        {
            if (!DateOnly.TryParseExact(input.ExpiresOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new PromotionCodeRefusedException($"'{input.ExpiresOn}' is not a date. Pick the last day the code works, or leave it empty.");
            }
            // It works through the whole of its last day in the admin's zone.
            var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
            expires = new DateTimeOffset(end, adminZone.GetUtcOffset(end)).ToUniversalTime();
            if (expires <= now) throw new PromotionCodeRefusedException("That last day has already passed. Pick today or a later day.");
        }
        int? max = null;
        if (!string.IsNullOrWhiteSpace(input.MaxRedemptions))
        {
            if (!int.TryParse(input.MaxRedemptions.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m is < 1 or > 1_000_000)
            {
                throw new PromotionCodeRefusedException($"'{input.MaxRedemptions}' is not a number of uses. Write a whole number from 1 up, or leave it empty for no limit.");
            }
            max = m;
        }
        if (await db.PromotionCodes.AnyAsync(c => c.Code == code, ct))
        {
            throw new PromotionCodeRefusedException($"There is already a code {code}. Codes cannot be reused, even once ended: choose another.");
        }

        var id = Guid.CreateVersion7(now);
        PromotionCodeMade made;
        try
        {
            made = await gateway.CreatePromotionCodeAsync(new PromotionCodeSpec(id, code, percent, amount, course.Currency, expires, max), ct);
        }
        catch (PaymentGatewayException e)
        {
            throw new PromotionCodeRefusedException(e.Failure == PaymentGatewayFailure.Unavailable
                ? "Stripe could not be reached, so the code was not made. Try again in a minute."
                : $"Stripe did not make the code: {e.Message}");
        }
        var row = new PromotionCode
        {
            Id = id,
            Code = code,
            ProviderPromotionCodeId = made.PromotionCodeId,
            ProviderCouponId = made.CouponId,
            PercentOff = percent,
            AmountOffMinor = amount,
            Currency = course.Currency,
            ExpiresAt = expires,
            MaxRedemptions = max,
            CreatedById = actor.Id,
            CreatedAt = now,
            IsTest = stripe.Value.UsesLocalTestCheckout,
        };
        db.PromotionCodes.Add(row);
        AuditLog.Write(db, time, actor, AuditActions.Code.Created, null, $"promotion_code:{id}", $"{Describe(row)}: {reason}");
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Ends a code at Stripe and here; ending an ended code changes nothing.</summary>
    public async Task EndAsync(Guid id, string? reasonText, AuditActor actor, CancellationToken ct = default)
    {
        var reason = Refuse(AdminReason.Problem(reasonText)) ?? reasonText!.Trim();
        var code = await db.PromotionCodes.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new PromotionCodeRefusedException("There is no such code.");
        if (code.EndedAt is not null) return;
        try
        {
            await gateway.EndPromotionCodeAsync(code.ProviderPromotionCodeId, ct);
        }
        catch (PaymentGatewayException e) when (e.Failure != PaymentGatewayFailure.NotFound)
        {
            throw new PromotionCodeRefusedException(e.Failure == PaymentGatewayFailure.Unavailable
                ? "Stripe could not be reached, so the code still works. Try again in a minute."
                : $"Stripe did not end the code: {e.Message}");
        }
        code.EndedAt = time.GetUtcNow();
        AuditLog.Write(db, time, actor, AuditActions.Code.Ended, null, $"promotion_code:{id}", $"{code.Code}: {reason}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>"SPRING-20, 20% off, until 2026-06-30, at most 50 uses" (machine dates: it goes into the audit details).</summary>
    public static string Describe(PromotionCode c) =>
        $"{c.Code}, {PromotionCodeRules.Discount(c, MoneyText.Format)}"
        + (c.ExpiresAt is { } e ? $", until {e:yyyy-MM-dd HH:mm} UTC" : "")
        + (c.MaxRedemptions is { } m ? $", at most {m} uses" : "")
        + (c.IsTest ? ", test code" : "");

    /// <summary>Paid purchases made with each code (one code, or all).</summary>
    private Task<Dictionary<Guid, int>> UsedAsync(Guid? only, CancellationToken ct) =>
        db.Payments.AsNoTracking()
            .Where(p => p.PromotionCodeId != null && p.PaidAt != null && (only == null || p.PromotionCodeId == only))
            .GroupBy(p => p.PromotionCodeId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private static string? Refuse(string? problem) => problem is null ? null : throw new PromotionCodeRefusedException(problem);
}
