// The VCS module; see Package.swift for its role.
