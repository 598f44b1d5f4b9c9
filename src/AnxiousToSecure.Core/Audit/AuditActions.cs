using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Core.Audit;

/// <summary>
/// Every action name the audit log can hold, shaped <c>area.verb</c>. Writers and readers use these
/// constants, never literals: the rows outlive the code, so a renamed action would silently split the
/// log in two, and the student page reads her history back by area prefix. Each area's names are built
/// from its <c>Prefix</c>, so a prefix read cannot miss one of them.
/// </summary>
public static class AuditActions
{
    /// <summary>Her access to the course: admin actions on her enrollment, and access ended by a refund or dispute.</summary>
    public static class Enrollment
    {
        public const string Prefix = "enrollment.";
        public const string Granted = Prefix + "granted";
        public const string Revoked = Prefix + "revoked";
        public const string Restored = Prefix + "restored";
        public const string UnlockedAll = Prefix + "unlocked_all";
        public const string Paused = Prefix + "paused";
        public const string Resumed = Prefix + "resumed";

        /// <summary>She opened the next lesson herself, ahead of her schedule (details: the lesson's slug).</summary>
        public const string OpenedEarly = Prefix + "opened_early";
    }

    /// <summary>An admin opened her page (reading personal data is itself recorded).</summary>
    public static class Student
    {
        public const string Prefix = "student.";
        public const string Viewed = Prefix + "viewed";
    }

    public static class Role
    {
        public const string Prefix = "role.";
        public const string Granted = Prefix + "granted";
        public const string Removed = Prefix + "removed";
    }

    /// <summary>A staff member's own credentials: password, email, second factor, passkeys, sessions.</summary>
    public static class Account
    {
        public const string Prefix = "account.";
        public const string PasswordChanged = Prefix + "password_changed";
        public const string PasswordReset = Prefix + "password_reset";
        public const string PasswordAdded = Prefix + "password_added";
        public const string EmailChanged = Prefix + "email_changed";
        public const string TwoFactorEnabled = Prefix + "two_factor_enabled";
        public const string TwoFactorDisabled = Prefix + "two_factor_disabled";
        public const string AuthenticatorReset = Prefix + "authenticator_reset";
        public const string RecoveryCodesGenerated = Prefix + "recovery_codes_generated";
        public const string PasskeyAdded = Prefix + "passkey_added";
        public const string PasskeyRemoved = Prefix + "passkey_removed";
        public const string SignedOutEverywhere = Prefix + "signed_out_everywhere";
    }

    /// <summary>Lesson (drip) emails.</summary>
    public static class Email
    {
        public const string Prefix = "email.";
        public const string Retried = Prefix + "retried";
    }

    /// <summary>Course editing by instructors.</summary>
    public static class Lesson
    {
        public const string Prefix = "lesson.";
        public const string Created = Prefix + "created";
        public const string Updated = Prefix + "updated";
        public const string Moved = Prefix + "moved";
        public const string Unpublished = Prefix + "unpublished";
        public const string Deleted = Prefix + "deleted";

        /// <summary>Edits to a published lesson kept aside: students still read the published text.</summary>
        public const string DraftSaved = Prefix + "draft_saved";

        /// <summary>A kept draft made the lesson students read.</summary>
        public const string Published = Prefix + "published";
        public const string DraftDiscarded = Prefix + "draft_discarded";
    }

    /// <summary>A course imported from files (a zip uploaded in /author, or the import-content command).</summary>
    public static class Course
    {
        public const string Prefix = "course.";
        public const string Imported = Prefix + "imported";

        /// <summary>Staff changed how many lessons a student may open ahead of her schedule (details: before → after).</summary>
        public const string EarlyUnlockChanged = Prefix + "early_unlock_changed";
        /// <summary>The course page's text edited in /author/course (details: the fields that changed).</summary>
        public const string SalesPageEdited = Prefix + "sales_page_edited";

        /// <summary>An admin changed the payment plan offered beside paying in full (details: before → after).</summary>
        public const string PaymentPlanChanged = Prefix + "payment_plan_changed";
    }

    public static class Module
    {
        public const string Prefix = "module.";
        public const string Created = Prefix + "created";
        public const string Renamed = Prefix + "renamed";
        public const string Moved = Prefix + "moved";
    }

    /// <summary>Lesson files (worksheets, recordings).</summary>
    public static class Attachment
    {
        public const string Prefix = "attachment.";
        public const string Added = Prefix + "added";
        public const string Replaced = Prefix + "replaced";
        public const string Deleted = Prefix + "deleted";

        /// <summary>A recording made the lesson's audio version (what "Listen" plays).</summary>
        public const string AudioChosen = Prefix + "audio_chosen";

        /// <summary>The lesson has no audio version any more: "Listen" reads the text aloud.</summary>
        public const string AudioCleared = Prefix + "audio_cleared";
    }

    /// <summary>A student's note to the author, approved for the course page or withdrawn from it.</summary>
    public static class Note
    {
        public const string Prefix = "note.";
        public const string Approved = Prefix + "approved";
        public const string Withdrawn = Prefix + "withdrawn";
    }

    public static class Payment
    {
        public const string Prefix = "payment.";
        public const string Completed = Prefix + "completed";
        public const string Failed = Prefix + "failed";
    }

    /// <summary>A refund asked for here, then each status Stripe reports for it; and a student's own request for one.</summary>
    public static class Refund
    {
        public const string Prefix = "refund.";

        /// <summary>The student asked for a refund on her purchases page; an admin decides.</summary>
        public const string AskedByStudent = Prefix + "asked_by_student";
        public const string Requested = Prefix + "requested";
        public const string Pending = Prefix + "pending";
        public const string Succeeded = Prefix + "succeeded";
        public const string Failed = Prefix + "failed";
        public const string Canceled = Prefix + "canceled";

        /// <summary>The action recorded when a refund reaches <paramref name="status"/>.</summary>
        public static string Reached(RefundStatus status) => status switch
        {
            RefundStatus.Requested => Requested,
            RefundStatus.Pending => Pending,
            RefundStatus.Succeeded => Succeeded,
            RefundStatus.Failed => Failed,
            RefundStatus.Canceled => Canceled,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No audit action for this refund status."),
        };
    }

    /// <summary>A gift: bought, scheduled, sent, moved, sent again, redeemed, or ended by a refund.</summary>
    public static class Gift
    {
        public const string Prefix = "gift.";

        /// <summary>The buyer opened a gift checkout (details: the delivery day).</summary>
        public const string Created = Prefix + "created";

        /// <summary>Paid: the redeem email waits for its morning.</summary>
        public const string Scheduled = Prefix + "scheduled";

        /// <summary>The checkout expired or failed unpaid.</summary>
        public const string Abandoned = Prefix + "abandoned";

        /// <summary>The redeem email went out (details: which time).</summary>
        public const string Sent = Prefix + "sent";
        public const string DateChanged = Prefix + "date_changed";

        /// <summary>The buyer asked for the email again; the earlier link stops working.</summary>
        public const string ResendRequested = Prefix + "resend_requested";

        /// <summary>The recipient used the link; her enrollment started (subject: the recipient).</summary>
        public const string Redeemed = Prefix + "redeemed";

        /// <summary>Refunded before it was redeemed: nothing more goes out.</summary>
        public const string Ended = Prefix + "ended";
    }

    /// <summary>Promotion codes made and ended at /admin/codes (target: the code's row; details: what it takes off, and the reason).</summary>
    public static class Code
    {
        public const string Prefix = "code.";
        public const string Created = Prefix + "created";
        public const string Ended = Prefix + "ended";
    }

    public static class Dispute
    {
        public const string Prefix = "dispute.";
        public const string Opened = Prefix + "opened";
        public const string Won = Prefix + "won";
        public const string Lost = Prefix + "lost";
    }

    /// <summary>A payment plan, as Stripe reports it: started, each invoice paid or failed, access paused and back, ended after the last payment.</summary>
    public static class Plan
    {
        public const string Prefix = "plan.";
        public const string Started = Prefix + "started";
        public const string InvoicePaid = Prefix + "invoice_paid";
        public const string InvoiceFailed = Prefix + "invoice_failed";
        public const string Paused = Prefix + "paused";
        public const string Resumed = Prefix + "resumed";
        public const string Completed = Prefix + "completed";
    }
}
