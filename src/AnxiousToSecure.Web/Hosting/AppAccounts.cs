using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Web.Components.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>Identity (accounts, sign-in cookies, roles), personal data, and the development accounts.</summary>
public static class AppAccounts
{
    /// <remarks>After <see cref="AppFeatures.AddPages"/>: its authentication state provider replaces the one Blazor adds.</remarks>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<DevAccountsOptions>().BindConfiguration(DevAccountsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<AnxiousToSecure.Core.Accounts.PersonalDataService>();
        services.AddScoped<AnxiousToSecure.Core.Accounts.SignInLanding>();
        services.AddScoped<DevAccountsSeeder>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                AppDbContext.ConfigureIdentityStores(options.Stores);
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                // Length and guessability only (PasswordPolicyValidator); no rules about kinds of characters.
                options.Password.RequiredLength = PasswordPolicy.MinLength;
                options.Password.RequiredUniqueChars = 1;
                options.Password.RequireDigit = options.Password.RequireLowercase = options.Password.RequireUppercase = options.Password.RequireNonAlphanumeric = false;
            })
            .AddPasswordValidator<PasswordPolicyValidator>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AnxiousToSecure.Core.Accounts.SecureSignInManager>()
            .AddUserManager<AnxiousToSecure.Core.Accounts.SecureUserManager>()
            .AddDefaultTokenProviders();
        services.AddAccountSecurity();

        // Roles live in the cookie; it is checked against the database (and its roles refreshed) every
        // minute, so an admin who takes a role away does not wait for the default half hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        return services;
    }
}
