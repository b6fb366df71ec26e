// HearthProfiles: publish-profile XML (placeholder until the module lands)
