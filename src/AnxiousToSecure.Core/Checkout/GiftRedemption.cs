using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>What a redeem link can do for whoever opened it.</summary>
public enum GiftLinkState
{
    /// <summary>No gift has this link now: mistyped, replaced by a resend, or refunded.</summary>
    NotFound,

    /// <summary>Used already.</summary>
    Redeemed,

    /// <summary>Signed in with the named address: she can accept it.</summary>
    Ready,

    /// <summary>Signed in with another address: refused.</summary>
    OtherAccount,

    /// <summary>Not signed in, and the named address has an account: she signs in with it first.</summary>
    SignIn,

    /// <summary>Not signed in, and no account has the address: she creates one here.</summary>
    CreateAccount,
}

public sealed record GiftLinkView(GiftLinkState State, string? RecipientEmail, string? From, string? Message, string CourseTitle);

public enum RedeemOutcome
{
    Redeemed,
    NotFound,
    AlreadyRedeemed,
    OtherAccount,

    /// <summary>She has the course already: the gift stays unredeemed (the buyer can still get a refund).</summary>
    AlreadyEnrolled,
}

/// <summary>
/// The recipient's side: a redeem link works once, and only for the named address (signed in with it, or
/// by creating the account for it here: opening the link proves she reads that inbox). Redeeming starts
/// her enrollment at that moment, so her drip counts from then.
/// </summary>
public sealed class GiftRedemption(AppDbContext db, UserManager<ApplicationUser> users, EnrollmentService enrollments, TimeProvider time)
{
    public async Task<GiftLinkView> InspectAsync(string token, string? signedInUserId, CancellationToken ct = default)
    {
        var title = await db.Courses.AsNoTracking().TheCourse().Select(c => c.Title).FirstOrDefaultAsync(ct) ?? "";
        var gift = await FindAsync(token, ct);
        if (gift is null) return new GiftLinkView(GiftLinkState.NotFound, null, null, null, title);
        if (gift.Status == GiftStatus.Redeemed) return new GiftLinkView(GiftLinkState.Redeemed, null, null, null, title);
        var buyer = gift.BuyerId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == gift.BuyerId).Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(ct);
        var from = !string.IsNullOrWhiteSpace(buyer?.DisplayName) ? buyer.DisplayName : buyer?.Email;
        GiftLinkState state;
        if (signedInUserId is not null)
        {
            var email = await db.Users.AsNoTracking().Where(u => u.Id == signedInUserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
            state = GiftRules.IsFor(gift, email) ? GiftLinkState.Ready : GiftLinkState.OtherAccount;
        }
        else
        {
            state = await users.FindByEmailAsync(gift.RecipientEmail) is null ? GiftLinkState.CreateAccount : GiftLinkState.SignIn;
        }
        return new GiftLinkView(state, gift.RecipientEmail, from, gift.Message, title);
    }

    public async Task<RedeemOutcome> RedeemAsync(string token, string userId, AuditActor actor, CancellationToken ct = default)
    {
        var found = await FindAsync(token, ct);
        if (found is null) return RedeemOutcome.NotFound;
        var newly = false;
        var outcome = await db.InTransactionAsync(async ct =>
        {
            newly = false;
            // The payment first, then the gift: the same order as fulfilment and refunds, so they never deadlock.
            var payment = await CheckoutSql.LockPaymentByIdAsync(db, found.PaymentId, ct);
            var gift = await GiftSql.LockByTokenHashAsync(db, GiftRules.Hash(token), ct);
            if (payment is null || gift is null || gift.Id != found.Id) return RedeemOutcome.NotFound;
            if (gift.Status == GiftStatus.Redeemed) return RedeemOutcome.AlreadyRedeemed;
            if (gift.Status != GiftStatus.Sent || !GiftRules.IsPaid(payment.Status)) return RedeemOutcome.NotFound;
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.EmailConfirmed }).SingleOrDefaultAsync(ct);
            if (user is null || !user.EmailConfirmed || !GiftRules.IsFor(gift, user.Email)) return RedeemOutcome.OtherAccount;

            var now = time.GetUtcNow();
            var inserted = await GiftSql.AddGiftEnrollmentUnlessKnownAsync(db, Guid.CreateVersion7(now), userId, gift.CourseId, now, ct);
            var enrollment = (await CheckoutSql.LockEnrollmentAsync(db, userId, gift.CourseId, ct))!;
            if (inserted == 0)
            {
                if (enrollment.IsActive) return RedeemOutcome.AlreadyEnrolled;
                // Back after a refund or revocation: access returns, and the drip keeps its original start (as when buying again).
                enrollment.Source = EnrollmentSource.Gift;
                await db.SaveChangesAsync(ct);
                await enrollments.SetStatusAsync(enrollment.Id, EnrollmentStatus.Active, ct);
            }
            newly = true;
            // A later refund or dispute of this payment now reaches her enrollment through the usual path.
            payment.EnrollmentId = enrollment.Id;
            payment.UpdatedAt = now;
            gift.Status = GiftStatus.Redeemed;
            gift.RedeemedAt = now;
            gift.RedeemedById = userId;
            gift.EnrollmentId = enrollment.Id;
            gift.SendAt = null;
            gift.NoticeDue = GiftNotice.Redeemed;
            gift.UpdatedAt = now;
            AuditLog.Write(db, time, actor, AuditActions.Gift.Redeemed, userId, GiftLedger.Target(gift), $"enrollment {enrollment.Id}");
            await db.SaveChangesAsync(ct);
            return RedeemOutcome.Redeemed;
        }, ct);
        if (newly) enrollments.SweepSoon();
        return outcome;
    }

    /// <summary>
    /// No account has the named address: one is made for it, confirmed (the link came to that inbox), and the
    /// gift redeemed. The caller signs her in. Errors are the password's (or the address is taken after all).
    /// </summary>
    public async Task<(RedeemOutcome? Outcome, IReadOnlyList<IdentityError> Errors, ApplicationUser? User)> CreateAccountAndRedeemAsync(
        string token, string password, string? name, CancellationToken ct = default)
    {
        var gift = await FindAsync(token, ct);
        if (gift is null || gift.Status != GiftStatus.Sent) return (gift?.Status == GiftStatus.Redeemed ? RedeemOutcome.AlreadyRedeemed : RedeemOutcome.NotFound, [], null);
        if (await users.FindByEmailAsync(gift.RecipientEmail) is not null) return (RedeemOutcome.OtherAccount, [], null);
        var user = new ApplicationUser
        {
            UserName = gift.RecipientEmail,
            Email = gift.RecipientEmail,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return (null, [.. created.Errors], null);
        await users.AddToRoleAsync(user, Roles.Student);
        var outcome = await RedeemAsync(token, user.Id, new AuditActor(user.Id, user.Email), ct);
        return (outcome, [], user);
    }

    private async Task<Gift?> FindAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        var hash = GiftRules.Hash(token);
        return await db.Gifts.AsNoTracking().SingleOrDefaultAsync(g => g.TokenHash == hash, ct);
    }
}
