$item = Get-Content $triggerInput
Write-Output $item
