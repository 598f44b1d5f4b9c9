using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using AnxiousToSecure.Core.Drip;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>The endpoints an outsider could hammer: guessing passwords or codes, or making the site send mail.</summary>
public enum LimitedAction
{
    SignIn,
    TwoFactor,
    Register,
    ForgotPassword,
    ResendConfirmation,
    PasskeyOptions,
    Unsubscribe,
    StripeWebhook,
}

/// <summary>How many requests one client address, and one account, may make in a fixed window.</summary>
public sealed class RateLimit
{
    /// <summary>Requests from one client address (an IPv6 client by its /64 network) per window.</summary>
    public int PerClient { get; set; }

    /// <summary>Requests naming one account (the normalised email, or the user of a 2FA step) per window; 0 where the action names none.</summary>
    public int PerAccount { get; set; }

    public int WindowSeconds { get; set; }

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}

/// <summary>The section <c>RateLimits</c>: one <see cref="RateLimit"/> per <see cref="LimitedAction"/>.</summary>
public sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";

    public RateLimit SignIn { get; set; } = new() { PerClient = 60, PerAccount = 4, WindowSeconds = 900 };
    public RateLimit TwoFactor { get; set; } = new() { PerClient = 30, PerAccount = 4, WindowSeconds = 900 };
    public RateLimit Register { get; set; } = new() { PerClient = 20, PerAccount = 3, WindowSeconds = 3600 };
    public RateLimit ForgotPassword { get; set; } = new() { PerClient = 20, PerAccount = 3, WindowSeconds = 3600 };
    public RateLimit ResendConfirmation { get; set; } = new() { PerClient = 20, PerAccount = 3, WindowSeconds = 3600 };
    public RateLimit PasskeyOptions { get; set; } = new() { PerClient = 60, PerAccount = 10, WindowSeconds = 900 };
    public RateLimit Unsubscribe { get; set; } = new() { PerClient = 30, WindowSeconds = 60 };
    // Stripe sends from a few addresses and retries a refused event later.
    public RateLimit StripeWebhook { get; set; } = new() { PerClient = 600, WindowSeconds = 60 };

    public RateLimit For(LimitedAction action) => action switch
    {
        LimitedAction.SignIn => SignIn,
        LimitedAction.TwoFactor => TwoFactor,
        LimitedAction.Register => Register,
        LimitedAction.ForgotPassword => ForgotPassword,
        LimitedAction.ResendConfirmation => ResendConfirmation,
        LimitedAction.PasskeyOptions => PasskeyOptions,
        LimitedAction.Unsubscribe => Unsubscribe,
        LimitedAction.StripeWebhook => StripeWebhook,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}

/// <summary>Names every setting that is out of range, and keeps the sign-in limit below the lockout threshold.</summary>
public sealed class RateLimitsOptionsValidator(IOptions<IdentityOptions> identity) : IValidateOptions<RateLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitsOptions options)
    {
        var failures = new List<string>();
        foreach (var action in Enum.GetValues<LimitedAction>())
        {
            var limit = options.For(action);
            var key = $"{RateLimitsOptions.Section}:{action}";
            if (limit.PerClient < 1) failures.Add($"The setting '{key}:PerClient' must be at least 1.");
            if (limit.PerAccount < 0) failures.Add($"The setting '{key}:PerAccount' must be 0 (no per-account limit) or more.");
            if (limit.WindowSeconds is < 1 or > 86_400) failures.Add($"The setting '{key}:WindowSeconds' must be between 1 and 86400.");
        }
        var lockout = identity.Value.Lockout.MaxFailedAccessAttempts;
        foreach (var action in new[] { LimitedAction.SignIn, LimitedAction.TwoFactor })
        {
            var perAccount = options.For(action).PerAccount;
            if (perAccount < 1 || perAccount >= lockout)
            {
                failures.Add($"The setting '{RateLimitsOptions.Section}:{action}:PerAccount' must be between 1 and {lockout - 1}: " +
                    $"below the lockout threshold ({lockout} failures), so someone guessing at an account is refused before it locks.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// Rate limits (ASP.NET Core's rate limiter) on every endpoint an outsider could hammer, by client
/// address and by the account a request names. Identity's pages are static forms that post to their
/// own route, so only the POST is limited: reading the page is not. The account is read (once, into
/// a request feature) before the limiter runs, so a refused attempt never reaches the password check
/// and never counts towards a lockout.
/// </summary>
public static class AppRateLimits
{
    /// <summary>Which POST is which action, by route pattern, and where it names an account.</summary>
    internal static readonly IReadOnlyDictionary<string, (LimitedAction Action, AccountSource Account)> Routes =
        new Dictionary<string, (LimitedAction, AccountSource)>(StringComparer.OrdinalIgnoreCase)
        {
            ["/Account/Login"] = (LimitedAction.SignIn, AccountSource.FormEmail),
            ["/Account/LoginWith2fa"] = (LimitedAction.TwoFactor, AccountSource.TwoFactorUser),
            ["/Account/LoginWithRecoveryCode"] = (LimitedAction.TwoFactor, AccountSource.TwoFactorUser),
            ["/Account/Register"] = (LimitedAction.Register, AccountSource.FormEmail),
            ["/Account/ForgotPassword"] = (LimitedAction.ForgotPassword, AccountSource.FormEmail),
            ["/Account/ResendEmailConfirmation"] = (LimitedAction.ResendConfirmation, AccountSource.FormEmail),
            ["/Account/PasskeyRequestOptions"] = (LimitedAction.PasskeyOptions, AccountSource.QueryUserName),
            ["/Account/PasskeyCreationOptions"] = (LimitedAction.PasskeyOptions, AccountSource.SignedInUser),
            [LessonEmailComposer.OneClickPath] = (LimitedAction.Unsubscribe, AccountSource.None),
            ["/stripe/webhook"] = (LimitedAction.StripeWebhook, AccountSource.None),
        };

    internal enum AccountSource { None, FormEmail, QueryUserName, TwoFactorUser, SignedInUser }

    /// <summary>What the limiter needs to know of a request it limits.</summary>
    internal sealed record LimitedRequest(LimitedAction Action, string Client, string? Account);

    private const string EmailField = "Input.Email";

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitsOptions>().BindConfiguration(RateLimitsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitsOptions>, RateLimitsOptionsValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitsOptions>, ILoggerFactory>((options, limits, loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(AppRateLimits).FullName!);
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Every client is limited by address first, then, where the request names one, by account.
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value, byAccount: false)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value, byAccount: true)));
            options.OnRejected = (rejected, ct) => RejectAsync(rejected, limits.Value, logger, ct);
        });
        return services;
    }

    /// <summary>Before <c>UseRateLimiter</c>; the endpoint is already chosen (routing runs first).</summary>
    public static WebApplication UseAppRateLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            LimitedRequest? limited = null;
            if (HttpMethods.IsPost(context.Request.Method)
                && context.GetEndpoint() is RouteEndpoint endpoint
                && endpoint.RoutePattern.RawText is { } pattern
                && Routes.TryGetValue(pattern, out var route))
            {
                limited = new LimitedRequest(route.Action, ClientOf(context), await AccountOfAsync(context, route.Account));
            }
            // Set on every pass: an error or status-code page runs the pipeline again for the same request, and must not count twice.
            context.Features.Set(limited);
            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitsOptions limits, bool byAccount)
    {
        if (context.Features.Get<LimitedRequest>() is not { } request) return RateLimitPartition.GetNoLimiter("");
        var limit = limits.For(request.Action);
        if (byAccount && (request.Account is null || limit.PerAccount == 0)) return RateLimitPartition.GetNoLimiter("");
        var key = byAccount ? $"{request.Action}|account|{request.Account}" : $"{request.Action}|client|{request.Client}";
        var permits = byAccount ? limit.PerAccount : limit.PerClient;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RateLimitsOptions limits, ILogger logger, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var request = context.Features.Get<LimitedRequest>();
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : request is null ? TimeSpan.FromMinutes(1) : limits.For(request.Action).Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        logger.LogWarning("Refused {Action} from client {ClientTag} with 429 (too many requests{ForAccount}); retry after {RetryAfterSeconds} s.",
            request?.Action, AnxiousToSecure.Core.Accounts.SecurityLog.ClientTag(context),
            request?.Account is null ? "" : " or too many for one account", seconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // A body of its own, so the status-code page does not replace it with "not found".
        context.Response.ContentType = "text/plain; charset=utf-8";
        var minutes = (int)Math.Ceiling(seconds / 60.0);
        await context.Response.WriteAsync(
            $"Too many attempts. Please wait {(minutes <= 1 ? "a minute" : $"{minutes} minutes")} and try again.\n", ct);
    }

    /// <summary>The client's address; an IPv6 client by its /64, which one household or one server usually holds whole.</summary>
    internal static string ClientOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
            return $"{address}/64";
        }
        return address.ToString();
    }

    private static async Task<string?> AccountOfAsync(HttpContext context, AccountSource source)
    {
        switch (source)
        {
            case AccountSource.FormEmail:
                if (!context.Request.HasFormContentType) return null;
                IFormCollection form;
                try
                {
                    // Buffered by the form feature: the page reads the same form afterwards without reading the body again.
                    form = await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
                {
                    return null; // the page refuses the malformed form itself; the address limit still applies
                }
                return NormalisedEmail(context, form[EmailField]);
            case AccountSource.QueryUserName:
                return NormalisedEmail(context, context.Request.Query["username"]);
            case AccountSource.TwoFactorUser:
                var step = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
                return step.Principal?.FindFirstValue(ClaimTypes.Name) is { Length: > 0 } userId ? $"user:{userId}" : null;
            case AccountSource.SignedInUser:
                return context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id ? $"user:{id}" : null;
            default:
                return null;
        }
    }

    /// <summary>As Identity looks an address up, so "Ana@Example.com " and "ana@example.com" share one limit.</summary>
    private static string? NormalisedEmail(HttpContext context, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var normalizer = context.RequestServices.GetRequiredService<ILookupNormalizer>();
        return normalizer.NormalizeEmail(value.Trim());
    }
}
